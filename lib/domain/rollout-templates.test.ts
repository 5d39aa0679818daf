import { describe, expect, it } from 'vitest';
import {
  ensCallSequence,
  formatSeconds,
  stageImpacts,
  templateStages,
  DEFAULT_BAKE_SECONDS,
  LAST_STAGE_BAKE_SECONDS,
  defaultBake,
} from './rollout-templates';

const regions = (n: number) => Array.from({ length: n }, (_, i) => `cn-r${String(i).padStart(2, '0')}`);

describe('templateStages', () => {
  it('progressive on 20 regions: 1 → 2 → 10 → all, each stage including the previous', () => {
    const stages = templateStages('progressive', [...regions(20)].reverse());
    expect(stages.map((s) => s.name)).toEqual(['canary', '10-percent', '50-percent', 'all']);
    expect(stages.map((s) => s.regions?.length ?? null)).toEqual([1, 2, 10, null]);
    // Sorted order, whatever order the regions came in.
    expect(stages[0]?.regions).toEqual(['cn-r00']);
    expect(stages[1]?.regions).toEqual(['cn-r00', 'cn-r01']);
  });

  it('puts the chosen canary first and keeps it in every later stage', () => {
    const stages = templateStages('progressive', regions(20), 'cn-r07');
    expect(stages[0]?.regions).toEqual(['cn-r07']);
    expect(stages[1]?.regions).toEqual(['cn-r07', 'cn-r00']);
    expect(stages[2]?.regions?.[0]).toBe('cn-r07');
    expect(new Set(stages[2]?.regions).size).toBe(10);
  });

  it('ignores a canary that is not one of the regions', () => {
    expect(templateStages('canary-all', regions(3), 'cn-nowhere')[0]?.regions).toEqual(['cn-r00']);
  });

  it('leaves out stages that would add no region on a small fleet', () => {
    // 3 regions: 10 % → 1 (no wider than the canary), 50 % → 2.
    expect(templateStages('progressive', regions(3)).map((s) => [s.name, s.regions?.length ?? null])).toEqual([
      ['canary', 1],
      ['50-percent', 2],
      ['all', null],
    ]);
    // 2 regions: the canary, then all.
    expect(templateStages('progressive', regions(2)).map((s) => s.name)).toEqual(['canary', 'all']);
    // 1 region: nothing to stage.
    expect(templateStages('progressive', regions(1))).toEqual([{ name: 'all', regions: null }]);
    expect(templateStages('canary-all', [])).toEqual([{ name: 'all', regions: null }]);
  });

  it('canary → all', () => {
    expect(templateStages('canary-all', regions(5), 'cn-r03')).toEqual([
      { name: 'canary', regions: ['cn-r03'] },
      { name: 'all', regions: null },
    ]);
  });
});

describe('stageImpacts', () => {
  const sizes = [
    { regionId: 'a', instanceCount: 10 },
    { regionId: 'b', instanceCount: 30 },
    { regionId: 'c', instanceCount: 60 },
  ];

  it('counts each region once, in the stage that adds it, with the cumulative share', () => {
    expect(stageImpacts([['b'], ['b', 'a'], null], sizes)).toEqual([
      { newRegions: ['b'], addedInstances: 30, cumulativeInstances: 30, cumulativeShare: 0.3 },
      { newRegions: ['a'], addedInstances: 10, cumulativeInstances: 40, cumulativeShare: 0.4 },
      { newRegions: ['c'], addedInstances: 60, cumulativeInstances: 100, cumulativeShare: 1 },
    ]);
  });

  it('has no share when the application has no instances', () => {
    expect(stageImpacts([null], [{ regionId: 'a', instanceCount: 0 }])[0]?.cumulativeShare).toBeNull();
  });
});

describe('ensCallSequence', () => {
  it('pushes stage 1, pre-pushes later stages during the previous bake, then distributes, gates and bakes', () => {
    const lines = ensCallSequence(
      [
        { name: 'canary', newRegions: ['a'], addedInstances: 4, approval: true },
        { name: 'all', newRegions: ['b', 'c'], addedInstances: 90, gate: { maxFailed: 3 }, onBreach: 'rollback' },
      ],
      ['app.tar.gz'],
    );
    expect(lines).toEqual([
      'Stage 1 (canary): PushApplicationData of app.tar.gz to 1 region: a.',
      "Stage 1 (canary): DistApplicationData to a (4 instances), once each region's push succeeded.",
      // 4 instances: minFinished falls to all of them; limit max(2, ⌈5 % × 4⌉) = 2.
      'Stage 1 (canary): gate. No verdict before 4 finished instances; halts at 2 failures (the larger of 2 and 5 %), confirmed on 2 evaluations; passes at 95 % finished. Still distributing after 30 min counts as failed.',
      'Stage 1 (canary): bake 10 min; any instance turning FAILED, DELETED or POD_RESTARTING re-runs the check.',
      'Stage 1 (canary): waits for a person to approve.',
      'Stage 2 (all): PushApplicationData of app.tar.gz to 2 new regions (b, c), sent while stage 1 bakes: file servers only, no instance touched.',
      "Stage 2 (all): DistApplicationData to b, c (90 instances), once each region's push succeeded.",
      // limit max(3, ⌈5 % × 90⌉ = 5) = 5.
      'Stage 2 (all): gate. No verdict before 10 finished instances; halts and rolls back at 5 failures (the larger of 3 and 5 %), confirmed on 2 evaluations; passes at 95 % finished. Still distributing after 30 min counts as failed.',
      'Stage 2 (all): bake 30 min; any instance turning FAILED, DELETED or POD_RESTARTING re-runs the check.',
      'Done: the rollout succeeds once the last stage has baked.',
    ]);
  });

  it('says so when a stage bakes for 0 s or adds no region', () => {
    const lines = ensCallSequence([{ name: 'x', newRegions: [], addedInstances: 0, bakeSeconds: 0 }], []);
    expect(lines[0]).toBe('Stage 1 (x): adds no region; nothing is pushed or distributed.');
    expect(lines).toContain('Stage 1 (x): no bake.');
  });
});

describe('durations', () => {
  it('formats seconds the way the plan reads them', () => {
    expect([45, 600, 630, 3600, 5400].map(formatSeconds)).toEqual([
      '45 s',
      '10 min',
      '10 min 30 s',
      '1 h',
      '1 h 30 min',
    ]);
  });

  it('bakes the last stage longer', () => {
    expect([defaultBake(0, 3), defaultBake(2, 3)]).toEqual([DEFAULT_BAKE_SECONDS, LAST_STAGE_BAKE_SECONDS]);
  });
});
