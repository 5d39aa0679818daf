import { describe, expect, it } from 'vitest';
import { templateStages } from '@/lib/domain/rollout-templates';
import {
  cumulativeRegions,
  emptyPlan,
  emptyStage,
  locatePlanIssue,
  stageInputs,
  stagesFromCumulative,
  stagesFromInputs,
  validatePlan,
  type PlanDraft,
} from './plan-draft';

const regionIds = ['cn-a', 'cn-b', 'cn-c', 'cn-d'];
const pushed = {
  data: [
    {
      name: 'app',
      version: 'v1',
      size: 10,
      archiveType: 'tar.gz',
      md5: 'd41d8cd98f00b204e9800998ecf8427e',
      url: 'https://example.com/a.tgz',
      timeout: 1800,
    },
  ],
  distribute: { destPath: '/root/installed', decompress: true, timeout: 1800 },
};
const noPush = { files: [], policies: [] };

describe('stages from a template', () => {
  it('hold what each stage adds; the body sends each stage cumulative, the last as every region', () => {
    const stages = stagesFromCumulative(templateStages('progressive', regionIds, 'cn-c'), regionIds);
    expect(stages.map((s) => s.added)).toEqual([['cn-c'], ['cn-a'], []]);
    expect(stages.at(-1)?.everyRegion).toBe(true);
    expect(cumulativeRegions(stages)).toEqual([['cn-c'], ['cn-c', 'cn-a'], null]);
    expect(stageInputs(stages).map((s) => s.strategy)).toEqual([
      [{ name: 'ScheduleToRegionId', operator: 'In', values: ['cn-c'] }],
      [{ name: 'ScheduleToRegionId', operator: 'In', values: ['cn-c', 'cn-a'] }],
      null,
    ]);
  });

  it('leaves blank gate fields out so the server defaults apply, and sends typed ones as numbers', () => {
    const stage = { ...emptyStage('canary'), added: ['cn-a'] };
    stage.gate = { ...stage.gate, maxFailed: '3', minSuccessPct: '99.5' };
    const [input] = stageInputs([stage]);
    expect(input).toEqual({
      name: 'canary',
      strategy: [{ name: 'ScheduleToRegionId', operator: 'In', values: ['cn-a'] }],
      gate: { maxFailed: 3, minSuccessPct: 99.5 },
      approval: false,
      onBreach: 'halt',
    });
  });

  it('round-trips a saved plan', () => {
    const stages = stagesFromCumulative(templateStages('canary-all', regionIds, 'cn-b'), regionIds);
    const back = stagesFromInputs(
      stageInputs(stages).map((s) => ({ ...s, gate: { maxFailed: 1 }, bakeSeconds: 0 })) as never,
      regionIds,
    );
    expect(back.map((s) => [s.name, s.added, s.everyRegion, s.gate.maxFailed, s.bakeSeconds])).toEqual([
      ['canary', ['cn-b'], false, '1', '0'],
      ['all', [], true, '1', '0'],
    ]);
  });
});

describe('validatePlan', () => {
  const plan = (): PlanDraft => ({
    ...emptyPlan(),
    stages: stagesFromCumulative(templateStages('canary-all', regionIds), regionIds),
  });

  it('produces the create body when everything holds', () => {
    const result = validatePlan(plan(), pushed, regionIds, noPush);
    expect(result.errors).toEqual({});
    expect(result.body?.stages.map((s) => s.name)).toEqual(['canary', 'all']);
    expect(result.body?.data[0]?.name).toBe('app');
  });

  it('puts each problem on its stage field', () => {
    const p = plan();
    const [first, second] = p.stages;
    if (!first || !second) throw new Error('two stages expected');
    first.gate.maxFailedPct = '150';
    first.bakeSeconds = 'soon';
    const result = validatePlan(p, pushed, regionIds, noPush);
    expect(result.body).toBeUndefined();
    expect(result.errors[`stage:${first.id}:gate.maxFailedPct`]).toBe('maxFailedPct must be at most 100');
    expect(result.errors[`stage:${first.id}:bakeSeconds`]).toMatch(/bakeSeconds/);
    expect(result.errors[`stage:${second.id}:name`]).toBeUndefined();
    // Names are compared once every field parses.
    const dup = plan();
    const again = dup.stages[1];
    if (!again) throw new Error('two stages expected');
    again.name = 'canary';
    expect(validatePlan(dup, pushed, regionIds, noPush).errors[`stage:${again.id}:name`]).toBe(
      'stage name canary is used twice',
    );
  });

  it('asks for regions on a stage that adds none, and refuses a stage that adds nothing new', () => {
    const p = plan();
    const first = p.stages[0];
    if (!first) throw new Error('stage expected');
    first.added = [];
    expect(validatePlan(p, pushed, regionIds, noPush).errors[`stage:${first.id}:strategy`]).toMatch(
      /at least one region/,
    );
    const all: PlanDraft = {
      ...emptyPlan(),
      stages: [{ ...emptyStage('x'), added: [...regionIds] }, { ...emptyStage('y', true) }],
    };
    const last = all.stages[1];
    expect(validatePlan(all, pushed, regionIds, noPush).errors[`stage:${last?.id}:strategy`]).toMatch(/adds no region/);
  });

  it('has no body until the files are valid and the regions are known', () => {
    expect(validatePlan(plan(), undefined, regionIds, noPush).body).toBeUndefined();
    expect(validatePlan(plan(), pushed, undefined, noPush).body).toBeUndefined();
  });

  it('locates server issue paths', () => {
    const p = plan();
    const id = p.stages[1]?.id;
    expect(locatePlanIssue('stages.1.gate.minFinished', p, noPush)).toBe(`stage:${id}:gate.minFinished`);
    expect(locatePlanIssue('stages.1.strategy.0.values.0', p, noPush)).toBe(`stage:${id}:strategy`);
    expect(locatePlanIssue('stages.7.name', p, noPush)).toBe('stages');
    expect(locatePlanIssue('distribute.destPath', p, noPush)).toBe('dist:destPath');
    expect(locatePlanIssue('idempotencyKey', p, noPush)).toBe('form');
  });
});
