import { describe, expect, test } from 'vitest';
import { DEFAULT_DIALECT, dialectFrom, type DialectOptions } from './dialect';
import { storeOptionsFrom } from './server';
import { call, distRows, rejection, rowKey, testStore, type DistResponse } from './testing';

/*
 * Each dialect against the default reading of the same seed on the same clock: the
 * rows are the same, only what the answer says about them changes.
 */

function storeWith(options: DialectOptions) {
  return testStore({ dialect: dialectFrom(options) });
}

const reference = testStore();
const AppId = reference.app(0).id;
const truth = call<DistResponse>(reference.store, 'DescribeDataDistResult', { AppId });
const truthRows = distRows(truth);
const versions = [...new Set(truthRows.map((r) => `${r.name}\u0000${r.version}`))];

function page(
  store: ReturnType<typeof testStore>['store'],
  pageNumber: number,
  pageSize: number,
  extra: Record<string, string> = {},
): DistResponse {
  return call<DistResponse>(store, 'DescribeDataDistResult', {
    AppId,
    PageNumber: String(pageNumber),
    PageSize: String(pageSize),
    ...extra,
  });
}

describe('--page-size-cap', () => {
  test('reject: a PageSize above the cap is InvalidParameter.PageSize; at the cap it is served', () => {
    const { store } = storeWith({ pageSizeCap: 100, pageSizeCapMode: 'reject' });
    const err = rejection(() => page(store, 1, 101));
    expect(err.code).toBe('InvalidParameter.PageSize');
    const ok = page(store, 1, 100);
    expect(distRows(ok)).toHaveLength(100);
    expect(ok.PageSize).toBe(100);
  });

  test("silent: the cap's worth of rows, the asked size echoed, pages cut at the cap", () => {
    const { store } = storeWith({ pageSizeCap: 100, pageSizeCapMode: 'silent' });
    const first = page(store, 1, 1000);
    expect(distRows(first)).toHaveLength(100);
    expect(first.PageSize).toBe(1000);
    expect(first.TotalCount).toBe(truthRows.length);
    // Page 2 of "1000" is rows 100..199: the window is the cap's.
    expect(distRows(page(store, 2, 1000)).map(rowKey)).toEqual(distRows(page(reference.store, 2, 100)).map(rowKey));
  });

  test("echo: the cap's worth of rows and the cap echoed", () => {
    const { store } = storeWith({ pageSizeCap: 100, pageSizeCapMode: 'echo' });
    const first = page(store, 1, 1000);
    expect(distRows(first).map(rowKey)).toEqual(distRows(page(reference.store, 1, 100)).map(rowKey));
    expect(first.PageSize).toBe(100);
  });

  test('an unpaged query is cut at the cap', () => {
    const { store } = storeWith({ pageSizeCap: 50, pageSizeCapMode: 'silent' });
    expect(distRows(call<DistResponse>(store, 'DescribeDataDistResult', { AppId }))).toHaveLength(50);
  });
});

describe('--total-count-unit', () => {
  test('results: TotalCount counts the matching file versions, not rows; paging still by rows', () => {
    const { store } = storeWith({ totalCountUnit: 'results' });
    const first = page(store, 1, 10);
    expect(first.TotalCount).toBe(versions.length);
    expect(versions.length).toBeLessThan(truthRows.length);
    expect(distRows(first).map(rowKey)).toEqual(distRows(page(reference.store, 1, 10)).map(rowKey));
    const [name, version] = (versions[0] as string).split('\u0000') as [string, string];
    expect(page(store, 1, 10, { DataNames: name, DataVersions: version }).TotalCount).toBe(1);
  });

  test('rows (the default): TotalCount counts instance rows', () => {
    expect(page(reference.store, 1, 10).TotalCount).toBe(truthRows.length);
  });
});

describe('--instance-count-scope', () => {
  const [name, version] = (versions[0] as string).split('\u0000') as [string, string];
  const versionTruth = truthRows.filter((r) => r.name === name && r.version === version);
  const expected = new Map<string, number>();
  for (const r of versionTruth) expected.set(r.status, (expected.get(r.status) ?? 0) + 1);

  test('total: a one-row page lists every status of the version with its total', () => {
    const { store } = storeWith({ instanceCountScope: 'total' });
    const answer = page(store, 1, 1, { DataNames: name, DataVersions: version });
    const stats = answer.DistResults.DistResult[0]?.StatusStats.StatusStat ?? [];
    expect(new Map(stats.map((s) => [s.Status, Number(s.InstanceCount)]))).toEqual(expected);
    expect(stats.reduce((n, s) => n + s.Instances.Instance.length, 0)).toBe(1);
  });

  test("page (the default): InstanceCount is the page's rows of the group", () => {
    const answer = page(reference.store, 1, 1, { DataNames: name, DataVersions: version });
    const stats = answer.DistResults.DistResult[0]?.StatusStats.StatusStat ?? [];
    expect(stats.map((s) => Number(s.InstanceCount))).toEqual([1]);
  });
});

describe('--time-skew', () => {
  test('some finished rows end before they start; nothing else changes', () => {
    const { store } = storeWith({ timeSkew: true });
    const rows = distRows(call<DistResponse>(store, 'DescribeDataDistResult', { AppId }));
    const skewed = rows.filter((r) => r.updateTime < r.startTime);
    expect(skewed.length).toBeGreaterThan(rows.length / 20);
    expect(skewed.every((r) => r.status !== 'DISTING')).toBe(true);
    expect(rows.map((r) => `${rowKey(r)}|${r.status}|${r.startTime}`)).toEqual(
      truthRows.map((r) => `${rowKey(r)}|${r.status}|${r.startTime}`),
    );
    expect(truthRows.some((r) => r.updateTime < r.startTime)).toBe(false);
  });
});

test("startSimulator() options become the store's dialect; none given is the default reading", () => {
  expect(
    storeOptionsFrom({
      pageSizeCap: 20,
      pageSizeCapMode: 'echo',
      totalCountUnit: 'results',
      instanceCountScope: 'total',
      timeSkew: true,
    }).dialect,
  ).toEqual({
    pageSizeCap: 20,
    pageSizeCapMode: 'echo',
    totalCountUnit: 'results',
    instanceCountScope: 'total',
    timeSkew: true,
  });
  expect(storeOptionsFrom({}).dialect).toEqual(DEFAULT_DIALECT);
});
