import { describe, expect, test } from 'vitest';
import { formatPath } from './issues';
import {
  StrategyError,
  resolveRegions,
  toDistStrategyJson,
  toPushStrategyJson,
  validateStrategy,
  type StrategyPolicy,
} from './strategy';

const REGIONS = ['cn-chengdu-telecom-4', 'cn-shanghai-cmcc-4', 'cn-wuhan-telecom_unicom_cmcc-2', 'cn-xiangyang-19'];
const [CHENGDU, SHANGHAI, WUHAN, XIANGYANG] = REGIONS as [string, string, string, string];

const policy = (operator: 'In' | 'NotIn', ...values: string[]): StrategyPolicy => ({
  name: 'ScheduleToRegionId',
  operator,
  values,
});

describe('validateStrategy()', () => {
  test.each<[string, unknown]>([
    ['null (every region)', null],
    ['one In policy', [policy('In', CHENGDU)]],
    ['one NotIn policy', [policy('NotIn', CHENGDU)]],
    ['In and NotIn together', [policy('In', CHENGDU, SHANGHAI), policy('NotIn', SHANGHAI)]],
    ['every region listed', [policy('In', ...REGIONS)]],
  ])('accepts %s', (_title, value) => {
    expect(validateStrategy(value, REGIONS)).toEqual([]);
  });

  test.each<[string, unknown, string, string]>([
    ['an empty list', [], 'strategy', 'strategy must list at least one policy, or be null for every region'],
    ['undefined', undefined, 'strategy', 'strategy must be a list of policies, or null for every region'],
    ['a single object', policy('In', CHENGDU), 'strategy', 'strategy must be a list of policies'],
    [
      'an unknown name',
      [{ ...policy('In', CHENGDU), name: 'ScheduleToAllByMatchExpressions' }],
      'strategy.0.name',
      'name must be ScheduleToRegionId',
    ],
    ['a missing name', [{ operator: 'In', values: [CHENGDU] }], 'strategy.0.name', 'name must be ScheduleToRegionId'],
    [
      'an unknown operator',
      [{ ...policy('In', CHENGDU), operator: 'Exists' }],
      'strategy.0.operator',
      'operator must be In or NotIn',
    ],
    [
      'a lowercase operator',
      [{ ...policy('In', CHENGDU), operator: 'in' }],
      'strategy.0.operator',
      'operator must be In or NotIn',
    ],
    ['empty values', [policy('In')], 'strategy.0.values', 'values must list at least one region'],
    [
      'values not a list',
      [{ ...policy('In'), values: CHENGDU }],
      'strategy.0.values',
      'values must be a list of region ids',
    ],
    [
      'a duplicate region',
      [policy('In', CHENGDU, SHANGHAI, CHENGDU)],
      'strategy.0.values.2',
      `values lists region ${CHENGDU} twice`,
    ],
    [
      'a region with a comma',
      [policy('In', `${CHENGDU},${SHANGHAI}`)],
      'strategy.0.values.0',
      'region id must be letters, digits',
    ],
    ['an empty region id', [policy('In', '')], 'strategy.0.values.0', 'region id must be letters, digits'],
    ['a numeric region id', [{ ...policy('In'), values: [4] }], 'strategy.0.values.0', 'region id must be text'],
    [
      'an unknown region',
      [policy('In', CHENGDU, 'cn-chegndu-telecom-4')],
      'strategy.0.values.1',
      'region cn-chegndu-telecom-4 is not a region of this application',
    ],
    [
      'an unknown region in policy 2',
      [policy('In', CHENGDU), policy('NotIn', 'cn-nowhere-1')],
      'strategy.1.values.0',
      'region cn-nowhere-1 is not a region of this application',
    ],
    ['an extra field', [{ ...policy('In', CHENGDU), weight: 10 }], 'strategy.0.weight', 'weight is not a known field'],
    ['NotIn every region', [policy('NotIn', ...REGIONS)], 'strategy', 'strategy selects no region'],
    ['disjoint In policies', [policy('In', CHENGDU), policy('In', SHANGHAI)], 'strategy', 'strategy selects no region'],
    [
      '21 policies',
      Array.from({ length: 21 }, () => policy('In', CHENGDU)),
      'strategy',
      'strategy must list at most 20 policies',
    ],
  ])('rejects %s', (_title, value, path, reason) => {
    const issues = validateStrategy(value, REGIONS);
    const hit = issues.find((i) => formatPath(i.path) === path);
    expect(hit?.message, JSON.stringify(issues)).toContain(reason);
  });
});

describe('resolveRegions()', () => {
  test.each<[string, StrategyPolicy[] | null, string[]]>([
    ['null', null, REGIONS],
    ['In', [policy('In', WUHAN, CHENGDU)], [CHENGDU, WUHAN]],
    ['NotIn', [policy('NotIn', CHENGDU)], [SHANGHAI, WUHAN, XIANGYANG]],
    ['In then NotIn', [policy('In', CHENGDU, SHANGHAI, WUHAN), policy('NotIn', SHANGHAI)], [CHENGDU, WUHAN]],
    ['two In (intersection)', [policy('In', CHENGDU, SHANGHAI), policy('In', SHANGHAI, WUHAN)], [SHANGHAI]],
    ['two NotIn', [policy('NotIn', CHENGDU), policy('NotIn', XIANGYANG)], [SHANGHAI, WUHAN]],
    ['an unknown region in In', [policy('In', 'cn-nowhere-1', CHENGDU)], [CHENGDU]],
  ])('resolveRegions() for %s', (_title, policies, expected) => {
    expect(resolveRegions(policies, REGIONS)).toEqual(expected);
  });
});

describe('toPushStrategyJson()', () => {
  const json = (values: string[]) =>
    JSON.stringify({ name: 'ScheduleToRegionId', parameters: { operator: 'In', values } });

  test.each<[string, StrategyPolicy[] | null, string[]]>([
    ['In', [policy('In', SHANGHAI, CHENGDU)], [CHENGDU, SHANGHAI]],
    ['NotIn', [policy('NotIn', CHENGDU)], [SHANGHAI, WUHAN, XIANGYANG]],
    ['null', null, REGIONS],
    ['In and NotIn', [policy('In', CHENGDU, WUHAN), policy('NotIn', WUHAN)], [CHENGDU]],
  ])('toPushStrategyJson() for %s', (_title, policies, values) => {
    expect(toPushStrategyJson(policies, REGIONS)).toBe(json(values));
  });

  test('matches the documented form byte for byte', () => {
    expect(toPushStrategyJson([policy('In', CHENGDU, SHANGHAI)], REGIONS)).toBe(
      '{"name":"ScheduleToRegionId","parameters":{"operator":"In","values":["cn-chengdu-telecom-4","cn-shanghai-cmcc-4"]}}',
    );
  });

  test.each<[string, StrategyPolicy[] | null, string[], string]>([
    ['NotIn every region', [policy('NotIn', ...REGIONS)], REGIONS, 'strategy selects no region'],
    ['an unknown region', [policy('In', 'cn-nowhere-1')], REGIONS, 'is not a region of this application'],
    ['an application without regions', null, [], 'the application has no regions'],
  ])('toPushStrategyJson() throws for %s', (_title, policies, regions, reason) => {
    expect(() => toPushStrategyJson(policies, regions)).toThrow(StrategyError);
    expect(() => toPushStrategyJson(policies, regions)).toThrow(reason);
  });
});

describe('toDistStrategyJson()', () => {
  test('matches the documented form byte for byte', () => {
    expect(toDistStrategyJson([WUHAN])).toBe(
      '{"name":"ScheduleToAllByMatchExpressions","parameters":{"match_expressions":[{"key":"region_id","operator":"In","values":["cn-wuhan-telecom_unicom_cmcc-2"]}]}}',
    );
  });

  test('drops repeated regions', () => {
    expect(JSON.parse(toDistStrategyJson([CHENGDU, CHENGDU, SHANGHAI])).parameters.match_expressions[0].values).toEqual(
      [CHENGDU, SHANGHAI],
    );
  });

  test.each<[string, string[], string]>([
    ['no region', [], 'a distribution needs at least one region'],
    ['a region with a quote', ['cn-"x'], 'is not valid'],
  ])('toDistStrategyJson() throws for %s', (_title, regions, reason) => {
    expect(() => toDistStrategyJson(regions)).toThrow(reason);
  });
});
