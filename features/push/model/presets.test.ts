import { describe, expect, test } from 'vitest';
import { canaryOneRegion, canaryShare, impactOf, type RegionCount } from './presets';

const r = (regionId: string, instanceCount: number): RegionCount => ({ regionId, instanceCount });
const fleet = [r('a', 40), r('b', 30), r('c', 20), r('d', 6), r('e', 3), r('f', 0), r('g', 1)];

describe('canaryOneRegion()', () => {
  test.each<[string, RegionCount[], string[]]>([
    ['smallest region with instances', fleet, ['g']],
    ['ties broken by id', [r('z', 2), r('y', 2)], ['y']],
    ['no instances anywhere still picks one', [r('x', 0), r('w', 0)], ['w']],
    ['no regions', [], []],
  ])('%s', (_title, regions, expected) => {
    expect(canaryOneRegion(regions)).toEqual(expected);
  });
});

describe('canaryShare()', () => {
  test.each<[string, RegionCount[], number, string[]]>([
    // 5% of 100 is 5: 3 + 1 = 4, and adding d (6) would land at 10, further away.
    ['5% of 100 instances', fleet, 0.05, ['e', 'g']],
    ['10% of 100 instances', fleet, 0.1, ['d', 'e', 'g']],
    ['share smaller than any region takes the smallest', [r('a', 50), r('b', 50)], 0.05, ['a']],
    ['100% takes every region with instances', fleet, 1, ['a', 'b', 'c', 'd', 'e', 'g']],
    ['no instances falls back to one region', [r('a', 0)], 0.05, ['a']],
  ])('%s', (_title, regions, share, expected) => {
    expect(canaryShare(regions, share)).toEqual(expected);
  });
});

describe('impactOf()', () => {
  test.each([
    [['a', 'g'], { regions: 2, totalRegions: 7, instances: 41, totalInstances: 100, share: 0.41 }],
    [[], { regions: 0, totalRegions: 7, instances: 0, totalInstances: 100, share: 0 }],
    [['unknown'], { regions: 0, totalRegions: 7, instances: 0, totalInstances: 100, share: 0 }],
  ])('impactOf(%j)', (ids, expected) => {
    expect(impactOf(ids, fleet)).toEqual(expected);
  });
});
