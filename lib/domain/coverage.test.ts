import { describe, expect, test } from 'vitest';
import { coverageOf, coveredSuccessRate, prePushSentence } from './coverage';
import { emptyCounts } from './status';

const counts = (c: Partial<ReturnType<typeof emptyCounts>>) => ({ ...emptyCounts(), ...c });

// The widen: 15 regions distributed (712 rows), cn-hangzhou-26 (113 instances) failed its pre-push.
const byRegion = [
  { regionId: 'cn-a', counts: counts({ SUCCESS: 400, FAILED: 12 }) },
  { regionId: 'cn-b', counts: counts({ SUCCESS: 288, FAILED: 12 }) },
];
const inventory = new Map([
  ['cn-a', 412],
  ['cn-b', 300],
  ['cn-hangzhou-26', 113],
  ['cn-c', 40],
]);

describe('coverageOf()', () => {
  test('a region whose pre-push failed counts its inventory as blocked, with the reason', () => {
    const coverage = coverageOf(
      { total: 712, byRegion },
      [
        { regionId: 'cn-a', status: 'SUCCESS', statusDescrip: 'Success' },
        { regionId: 'cn-b', status: 'SUCCESS', statusDescrip: 'Success' },
        { regionId: 'cn-hangzhou-26', status: 'FAILED', statusDescrip: 'file server disk quota exceeded' },
      ],
      inventory,
    );
    expect(coverage).toMatchObject({ targeted: 825, blocked: 113, waiting: 0 });
    expect(coverage.held).toEqual([
      { regionId: 'cn-hangzhou-26', state: 'blocked', instances: 113, reason: 'file server disk quota exceeded' },
    ]);
    expect(coverage.prePush).toEqual({ regions: 3, done: 2, pushing: 0, failed: 1 });
    // 688 of 825, not 688 of 712.
    expect(coveredSuccessRate(counts({ SUCCESS: 688, FAILED: 24 }), coverage)).toBeCloseTo(688 / 825);
  });

  test('during the pre-push phase the instances behind it are waiting, and the phase is a sentence', () => {
    const coverage = coverageOf(
      { total: 0, byRegion: [] },
      [
        { regionId: 'cn-a', status: 'PUSHING', statusDescrip: '' },
        { regionId: 'cn-c', status: 'PUSHING', statusDescrip: '' },
      ],
      inventory,
    );
    expect(coverage).toMatchObject({ targeted: 452, blocked: 0, waiting: 452 });
    expect(prePushSentence(coverage.prePush)).toBe('Pre-pushing to 2 regions, 0 of 2 done');
    expect(coveredSuccessRate(emptyCounts(), coverage)).toBe(0);
  });

  test('a pushed-only region is not a target, and a failed region already distributed to adds nothing', () => {
    const coverage = coverageOf(
      { total: 412, byRegion: [byRegion[0]!] },
      [
        { regionId: 'cn-a', status: 'FAILED', statusDescrip: 'md5 checksum mismatch' },
        { regionId: 'cn-b', status: 'SUCCESS', statusDescrip: 'Success' },
      ],
      inventory,
    );
    expect(coverage).toMatchObject({ targeted: 412, blocked: 0, waiting: 0, held: [] });
    expect(prePushSentence(coverage.prePush)).toBeNull();
  });

  test('blocked regions come before waiting ones; no pre-push at all is no phase', () => {
    const coverage = coverageOf(
      { total: 0, byRegion: [] },
      [
        { regionId: 'cn-a', status: 'PUSHING', statusDescrip: '' },
        { regionId: 'cn-c', status: 'FAILED', statusDescrip: 'x' },
      ],
      inventory,
    );
    expect(coverage.held.map((h) => h.state)).toEqual(['blocked', 'waiting']);
    expect(prePushSentence(coverage.prePush)).toBe('Pre-pushing to 2 regions, 0 of 2 done, 1 failed');
    expect(coverageOf({ total: 3, byRegion: [] }, [], inventory)).toMatchObject({ targeted: 3, prePush: null });
  });
});
