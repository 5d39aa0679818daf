import { describe, expect, test } from 'vitest';
import { planActions, regionStrategy, widenAdds } from './plan';
import { recordedFor } from './recorded';
import { pushEntrySchema } from '@/lib/contracts/pushes';

const c = (SUCCESS: number, FAILED = 0, DISTING = 0, DELETED = 0) => ({
  SUCCESS,
  FAILED,
  DISTING,
  POD_RESTARTING: 0,
  DELETED,
});
const appRegions = [
  { regionId: 'r-a', instanceCount: 40 },
  { regionId: 'r-b', instanceCount: 60 },
  { regionId: 'r-c', instanceCount: 113 },
  { regionId: 'r-d', instanceCount: 0 },
  { regionId: 'r-e', instanceCount: 25 },
];

describe('planActions', () => {
  const plan = planActions({
    byRegion: [
      { regionId: 'r-b', counts: c(55, 5) },
      { regionId: 'r-a', counts: c(40) },
      { regionId: 'r-e', counts: c(0, 0, 0, 25) },
    ],
    appRegions,
    prePush: [
      { regionId: 'r-a', status: 'SUCCESS', statusDescrip: '' },
      { regionId: 'r-c', status: 'FAILED', statusDescrip: 'file server disk quota exceeded' },
    ],
  });

  test('the canary is the regions with the version on instances; a cleaned region is not one', () => {
    expect(plan.widen.canaryRegions).toEqual(['r-a', 'r-b']);
    expect(plan.widen.alreadyHave).toBe(95);
    expect(plan.widen.gate.failed).toBe(5);
    expect(plan.widen.gate.failureLimit).toBe(5);
    expect(['breaching', 'breach']).toContain(plan.widen.gate.verdict);
  });

  test('widen offers only unreached regions with instances, and counts what a choice adds', () => {
    expect(plan.widen.remaining.map((r) => r.regionId)).toEqual(['r-c', 'r-e']);
    expect(widenAdds(plan.widen.remaining, ['r-c'])).toBe(113);
    expect(widenAdds(plan.widen.remaining, ['r-c', 'r-e', 'r-a'])).toBe(138);
  });

  test('retry-failed targets exactly the regions holding a failed instance', () => {
    expect(plan.retryFailed).toEqual({ regionIds: ['r-b'], failed: 5, inRegions: 60 });
  });

  test('a failed pre-push region is offered with its reason; a reached version is not push-only', () => {
    expect(plan.prePushFailed).toEqual([
      { regionId: 'r-c', status: 'FAILED', statusDescrip: 'file server disk quota exceeded' },
    ]);
    expect(plan.pushedOnly).toBeNull();
    expect(plan.cleanable).toEqual([
      { regionId: 'r-a', live: 40 },
      { regionId: 'r-b', live: 55 + 5 },
    ]);
  });

  test('a version only pushed can be distributed to the regions whose pre-push succeeded', () => {
    const pushed = planActions({
      byRegion: [],
      appRegions,
      prePush: [
        { regionId: 'r-b', status: 'SUCCESS', statusDescrip: '' },
        { regionId: 'r-a', status: 'SUCCESS', statusDescrip: '' },
        { regionId: 'r-c', status: 'PUSHING', statusDescrip: '' },
      ],
    });
    expect(pushed.pushedOnly).toEqual({ regionIds: ['r-a', 'r-b'], instances: 100 });
    expect(pushed.retryFailed).toBeNull();
    expect(pushed.widen.canaryRegions).toEqual([]);
  });

  test('every action names its regions: never the "all regions" strategy', () => {
    expect(regionStrategy(['r-b'])).toEqual([{ name: 'ScheduleToRegionId', operator: 'In', values: ['r-b'] }]);
  });
});

describe('recordedFor', () => {
  const entry = (over: Record<string, unknown>) =>
    pushEntrySchema.parse({
      id: 'p_1',
      appId: 'a',
      actor: 'x',
      kind: 'push',
      idempotencyKey: 'k',
      state: 'sent',
      data: [],
      strategy: null,
      requestId: null,
      resultCodes: null,
      error: null,
      createdAt: 0,
      updatedAt: 0,
      ...over,
    });
  const pushed = {
    name: 'f.pak',
    version: '1',
    size: 10,
    archiveType: 'zip',
    md5: '',
    url: 'https://files.example.com/f.pak',
    timeout: 60,
  };

  test('takes the newest sent push and the newest placement, skipping cleans and failures', () => {
    const entries = [
      entry({ id: 'p_clean', kind: 'distribution', action: 'clean', data: [{ name: 'f.pak', version: '1' }] }),
      entry({ id: 'p_failed', state: 'failed', data: [pushed] }),
      entry({
        id: 'p_dist',
        kind: 'distribution',
        data: [{ name: 'f.pak', version: '1', destPath: '/opt/x', decompress: false, timeout: 90 }],
      }),
      entry({
        id: 'p_push',
        kind: 'distribute',
        data: [pushed],
        distribute: { destPath: '/old', decompress: true, timeout: 5 },
      }),
    ];
    const r = recordedFor(entries, 'f.pak', '1');
    expect(r.push).toEqual({ entryId: 'p_push', file: pushed });
    expect(r.distribute).toEqual({ destPath: '/opt/x', decompress: false, timeout: 90 });
  });

  test('nothing recorded: both null', () => {
    expect(recordedFor([], 'f.pak', '1')).toEqual({ push: null, distribute: null });
  });
});
