import { describe, expect, test } from 'vitest';
import { toInputIssues } from '@/lib/ens/issues';
import { checkStageRegions, createRolloutBodySchema, type StageInput } from './rollouts';

const file = {
  name: 'game-client.pak',
  version: '2.4.1',
  size: 1024,
  archiveType: 'tar.gz',
  md5: 'd41d8cd98f00b204e9800998ecf8427e',
  url: 'https://cdn.example.com/game-client-2.4.1.tar.gz',
  timeout: 1800,
};
const inRegions = (...values: string[]) => [{ name: 'ScheduleToRegionId', operator: 'In', values }];

// The create body of the issue that defines the API, with two stages.
const body = {
  data: [file],
  distribute: { destPath: '/root/installed', decompress: true, timeout: 1800 },
  stages: [
    {
      name: 'canary',
      strategy: inRegions('cn-a'),
      gate: { minFinished: 10, maxFailed: 2, maxFailedPct: 5, minFinishedPct: 95, stuckAfterSeconds: 1800 },
      bakeSeconds: 600,
      approval: false,
      onBreach: 'halt',
    },
    { name: 'all', strategy: null },
  ],
  idempotencyKey: 'rollout-0001',
};

const issuesOf = (input: unknown) => {
  const r = createRolloutBodySchema.safeParse(input);
  return r.success ? [] : toInputIssues(r.error).map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('createRolloutBodySchema', () => {
  test('takes the documented body', () => {
    expect(issuesOf(body)).toEqual([]);
  });

  test.each<[string, unknown, string]>([
    [
      'strategy null before the last stage',
      {
        ...body,
        stages: [
          { name: 'x', strategy: null },
          { name: 'y', strategy: null },
        ],
      },
      'stages.0.strategy: only the last stage',
    ],
    [
      'a duplicate stage name',
      {
        ...body,
        stages: [
          { name: 'a', strategy: inRegions('cn-a') },
          { name: 'a', strategy: null },
        ],
      },
      'stages.1.name: stage name a is used twice',
    ],
    ['no stage', { ...body, stages: [] }, 'stages: stages must list at least one stage'],
    [
      'an unknown gate field',
      { ...body, stages: [{ name: 'a', strategy: null, gate: { maxFaild: 2 } }] },
      'stages.0.gate.maxFaild',
    ],
    [
      'a percentage above 100',
      { ...body, stages: [{ name: 'a', strategy: null, gate: { maxFailedPct: 500 } }] },
      'stages.0.gate.maxFailedPct: maxFailedPct must be at most 100',
    ],
    [
      'a bad onBreach',
      { ...body, stages: [{ name: 'a', strategy: null, onBreach: 'ignore' }] },
      'stages.0.onBreach: onBreach must be halt or rollback',
    ],
    [
      'a negative bake',
      { ...body, stages: [{ name: 'a', strategy: null, bakeSeconds: -1 }] },
      'stages.0.bakeSeconds: bakeSeconds must be at least 0',
    ],
    ['no distribution settings', { ...body, distribute: undefined }, 'distribute'],
  ])('refuses %s, by field path', (_, input, expected) => {
    expect(issuesOf(input).some((i) => i.startsWith(expected))).toBe(true);
  });
});

describe('checkStageRegions()', () => {
  const regions = ['cn-a', 'cn-b', 'cn-c', 'cn-d'];
  const stage = (name: string, strategy: StageInput['strategy']): StageInput => ({ name, strategy }) as StageInput;

  test('a widening plan resolves each stage to its cumulative regions', () => {
    const plan = [
      stage('canary', inRegions('cn-a') as StageInput['strategy']),
      stage('half', inRegions('cn-a', 'cn-b') as StageInput['strategy']),
      stage('all', null),
    ];
    expect(checkStageRegions(plan, regions)).toEqual({ issues: [], regions: [['cn-a'], ['cn-a', 'cn-b'], regions] });
  });

  test('a stage that drops a region of the previous one is refused, naming the region', () => {
    const plan = [
      stage('canary', inRegions('cn-a') as StageInput['strategy']),
      stage('next', inRegions('cn-b') as StageInput['strategy']),
    ];
    const { issues } = checkStageRegions(plan, regions);
    expect(issues).toEqual([{ path: ['stages', 1, 'strategy'], message: expect.stringContaining('drops cn-a') }]);
  });

  test('a stage that adds nothing is refused', () => {
    const plan = [
      stage('canary', inRegions('cn-a') as StageInput['strategy']),
      stage('same', inRegions('cn-a') as StageInput['strategy']),
    ];
    expect(checkStageRegions(plan, regions).issues[0]?.message).toContain('adds no region');
  });

  test('an unknown region is reported under its stage', () => {
    const { issues } = checkStageRegions([stage('canary', inRegions('cn-z') as StageInput['strategy'])], regions);
    expect(issues[0]?.path).toEqual(['stages', 0, 'strategy', 0, 'values', 0]);
  });
});
