import { describe, expect, test } from 'vitest';
import { groupRegions, matchesRegion, type Grouping } from './region-groups';

const regions = [
  { regionId: 'cn-chengdu-telecom-4', instanceCount: 4 },
  { regionId: 'cn-chengdu-telecom', instanceCount: 1 },
  { regionId: 'cn-shanghai-cmcc-4', instanceCount: 3 },
  { regionId: 'cn-wuxi-5', instanceCount: 2, name: '无锡5' },
  { regionId: 'cn-suzhou-telecom', instanceCount: 5 },
];

describe('groupRegions()', () => {
  test.each<[Grouping, string, [string, string[], number][]]>([
    [
      'city',
      '',
      [
        ['Chengdu', ['cn-chengdu-telecom', 'cn-chengdu-telecom-4'], 5],
        ['Shanghai', ['cn-shanghai-cmcc-4'], 3],
        ['Suzhou', ['cn-suzhou-telecom'], 5],
        ['Wuxi', ['cn-wuxi-5'], 2],
      ],
    ],
    [
      'carrier',
      '',
      [
        ['Carrier not in id', ['cn-wuxi-5'], 2],
        ['China Mobile (CMCC)', ['cn-shanghai-cmcc-4'], 3],
        ['China Telecom', ['cn-chengdu-telecom', 'cn-chengdu-telecom-4', 'cn-suzhou-telecom'], 10],
      ],
    ],
    [
      'province',
      '',
      [
        ['Jiangsu', ['cn-suzhou-telecom', 'cn-wuxi-5'], 7],
        ['Shanghai', ['cn-shanghai-cmcc-4'], 3],
        ['Sichuan', ['cn-chengdu-telecom', 'cn-chengdu-telecom-4'], 5],
      ],
    ],
    ['city', 'telecom chengdu', [['Chengdu', ['cn-chengdu-telecom', 'cn-chengdu-telecom-4'], 5]]],
    ['city', '无锡', [['Wuxi', ['cn-wuxi-5'], 2]]],
    ['city', 'nowhere', []],
  ])('by %s, query %j', (by, query, expected) => {
    expect(
      groupRegions(regions, by, query).map((g) => [g.label, g.regions.map((r) => r.regionId), g.instances]),
    ).toEqual(expected);
  });
});

describe('matchesRegion()', () => {
  test.each([
    ['', true],
    ['CMCC', true],
    ['china mobile', true],
    ['sichuan', false],
  ])('cn-shanghai-cmcc-4 matches %j: %s', (q, expected) => {
    expect(matchesRegion({ regionId: 'cn-shanghai-cmcc-4', instanceCount: 1 }, q)).toBe(expected);
  });
});
