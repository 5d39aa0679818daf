import { describe, expect, test } from 'vitest';
import { MAX_DIST_PAGE_SIZE } from './params';
import {
  call,
  distRows,
  regionOfInstance,
  rejection,
  rowKey,
  testStore,
  type DistResponse,
  type DistResultRow,
} from './testing';

const { store, app } = testStore();
const target = app(0);
const AppId = target.id;
const regionOf = regionOfInstance(target);
const all = call<DistResponse>(store, 'DescribeDataDistResult', { AppId });
const allRows = distRows(all);

function query(params: Record<string, string>): DistResponse {
  return call<DistResponse>(store, 'DescribeDataDistResult', { AppId, ...params });
}

function keys(rows: readonly DistResultRow[]): string[] {
  return rows.map(rowKey).sort();
}

const names = [...new Set(allRows.map((r) => r.name))].sort();
const firstName = names[0] ?? '';
const versionsOfFirst = [...new Set(allRows.filter((r) => r.name === firstName).map((r) => r.version))].sort();
const someRegion = target.regions[Math.floor(target.regions.length / 2)]?.region.id ?? '';
const otherRegion = target.regions[0]?.region.id ?? '';
const inSomeRegion = target.regionById.get(someRegion)?.instanceIds.slice(0, 3) ?? [];
const someInstances = [
  ...new Set([...allRows.filter((_, i) => i % 97 === 0).map((r) => r.instanceId), ...inSomeRegion]),
];
const days = [...new Set(allRows.map((r) => r.startTime.slice(0, 10)))].sort();
const midDay = days[Math.floor(days.length / 2)] ?? '';

describe('DescribeDataDistResult without filters', () => {
  test('returns every instance row of every distributed file, TotalCount included', () => {
    expect(all.TotalCount).toBe(allRows.length);
    expect(allRows.length).toBeGreaterThan(target.instanceCount);
    expect(new Set(allRows.map(rowKey)).size).toBe(allRows.length);
  });

  test('the fleet history has SUCCESS and FAILED rows with reasons', () => {
    expect(allRows.some((r) => r.status === 'SUCCESS' && r.descrip === 'Success')).toBe(true);
    expect(allRows.some((r) => r.status === 'FAILED' && r.descrip !== 'Success')).toBe(true);
  });
});

type Filter = [title: string, params: Record<string, string>, keep: (row: DistResultRow) => boolean];

const filters: Filter[] = [
  ['DataNames', { DataNames: firstName }, (r) => r.name === firstName],
  [
    'DataNames (two, comma-separated)',
    { DataNames: `${names[0]},${names[1]}` },
    (r) => r.name === names[0] || r.name === names[1],
  ],
  ['DataVersions', { DataVersions: versionsOfFirst[0] ?? '' }, (r) => r.version === versionsOfFirst[0]],
  ['InstanceIds', { InstanceIds: someInstances.join(',') }, (r) => someInstances.includes(r.instanceId)],
  ['EnsRegionIds', { EnsRegionIds: JSON.stringify([someRegion]) }, (r) => regionOf.get(r.instanceId) === someRegion],
  [
    'EnsRegionIds (two nodes)',
    { EnsRegionIds: JSON.stringify([someRegion, otherRegion]) },
    (r) => [someRegion, otherRegion].includes(regionOf.get(r.instanceId) ?? ''),
  ],
  ['MinDate', { MinDate: midDay }, (r) => r.startTime.slice(0, 10) >= midDay],
  ['MaxDate', { MaxDate: midDay }, (r) => r.startTime.slice(0, 10) <= midDay],
  ['MinDate and MaxDate on one day', { MinDate: midDay, MaxDate: midDay }, (r) => r.startTime.startsWith(midDay)],
  [
    'DataNames + DataVersions + EnsRegionIds',
    { DataNames: firstName, DataVersions: versionsOfFirst.join(','), EnsRegionIds: JSON.stringify([someRegion]) },
    (r) => r.name === firstName && regionOf.get(r.instanceId) === someRegion,
  ],
  [
    'InstanceIds + EnsRegionIds',
    { InstanceIds: someInstances.join(','), EnsRegionIds: JSON.stringify([someRegion]) },
    (r) => someInstances.includes(r.instanceId) && regionOf.get(r.instanceId) === someRegion,
  ],
  [
    'DataNames + MinDate + MaxDate',
    { DataNames: firstName, MinDate: days[0] ?? '', MaxDate: midDay },
    (r) => r.name === firstName && r.startTime.slice(0, 10) <= midDay,
  ],
];

describe('DescribeDataDistResult filters', () => {
  test.each(filters)('filters by %s', (_title, params, keep) => {
    const response = query(params);
    const expected = allRows.filter(keep);
    expect(expected.length).toBeGreaterThan(0);
    expect(response.TotalCount).toBe(expected.length);
    expect(keys(distRows(response))).toEqual(keys(expected));
  });

  test('EnsRegionIds also accepts a comma-separated string and EnsRegionIds.N keys', () => {
    const json = keys(distRows(query({ EnsRegionIds: JSON.stringify([someRegion, otherRegion]) })));
    expect(keys(distRows(query({ EnsRegionIds: `${someRegion},${otherRegion}` })))).toEqual(json);
    expect(keys(distRows(query({ 'EnsRegionIds.1': someRegion, 'EnsRegionIds.2': otherRegion })))).toEqual(json);
  });

  test('an empty EnsRegionIds array means no node filter', () => {
    expect(query({ EnsRegionIds: '[]' }).TotalCount).toBe(all.TotalCount);
  });

  test.each([
    ['DataNames', { DataNames: 'no-such-file' }],
    ['DataVersions', { DataVersions: 'no-such-version' }],
    ['InstanceIds', { InstanceIds: 'i-5000000000000000000000000' }],
    ['EnsRegionIds', { EnsRegionIds: '["cn-nowhere-1"]' }],
    ['MinDate', { MinDate: '2999-01-01' }],
    ['MaxDate', { MaxDate: '2000-01-01' }],
    ['MinDate after MaxDate', { MinDate: '2024-05-20', MaxDate: '2024-05-01' }],
  ])('an empty result for %s that matches nothing', (_title, params) => {
    const response = query(params);
    expect(response.TotalCount).toBe(0);
    expect(response.DistResults).toEqual({ DistResult: [] });
  });
});

describe('DescribeDataDistResult pagination', () => {
  test('pages of 7 cover every row exactly once and keep files in name, version order', () => {
    const pageSize = 7;
    const pages = Math.ceil(all.TotalCount / pageSize);
    const seen: DistResultRow[] = [];
    const groups: string[] = [];
    for (let page = 1; page <= pages; page++) {
      const response = query({ PageNumber: String(page), PageSize: String(pageSize) });
      expect(response).toMatchObject({ PageNumber: page, PageSize: pageSize, TotalCount: all.TotalCount });
      const rows = distRows(response);
      expect(rows).toHaveLength(page < pages ? pageSize : all.TotalCount - pageSize * (pages - 1));
      seen.push(...rows);
      groups.push(...response.DistResults.DistResult.map((r) => `${r.Name}\u0000${r.Version}`));
    }
    expect(keys(seen)).toEqual(keys(allRows));
    expect(groups).toEqual([...groups].sort());
  });

  test('the last page holds the remainder', () => {
    const pageSize = 10;
    const last = Math.ceil(all.TotalCount / pageSize);
    const response = query({ PageNumber: String(last), PageSize: String(pageSize) });
    expect(distRows(response)).toHaveLength(all.TotalCount - pageSize * (last - 1));
    expect(response.PageNumber).toBe(last);
  });

  test('a page past the end is empty but still reports TotalCount', () => {
    const response = query({ PageNumber: '100000', PageSize: '10' });
    expect(response.TotalCount).toBe(all.TotalCount);
    expect(response.DistResults.DistResult).toEqual([]);
  });

  test('PageNumber alone pages by 10; PageSize alone starts at page 1', () => {
    expect(distRows(query({ PageNumber: '2' }))).toHaveLength(10);
    expect(query({ PageNumber: '2' }).PageSize).toBe(10);
    expect(query({ PageSize: '25' })).toMatchObject({ PageNumber: 1, PageSize: 25 });
  });

  test('without paging the whole result is page 1 and PageSize echoes TotalCount', () => {
    expect(all).toMatchObject({ PageNumber: 1, PageSize: all.TotalCount });
  });

  test('pagination combines with filters', () => {
    const filtered = query({ DataNames: firstName, EnsRegionIds: JSON.stringify([someRegion]) });
    const page = query({
      DataNames: firstName,
      EnsRegionIds: JSON.stringify([someRegion]),
      PageNumber: '1',
      PageSize: '3',
    });
    expect(page.TotalCount).toBe(filtered.TotalCount);
    expect(distRows(page)).toHaveLength(Math.min(3, filtered.TotalCount));
    expect(distRows(page).every((r) => r.name === firstName && regionOf.get(r.instanceId) === someRegion)).toBe(true);
  });

  test(`PageSize up to ${MAX_DIST_PAGE_SIZE} is accepted`, () => {
    expect(distRows(query({ PageSize: String(MAX_DIST_PAGE_SIZE) }))).toHaveLength(
      Math.min(MAX_DIST_PAGE_SIZE, all.TotalCount),
    );
  });
});

describe('DescribeDataDistResult response shape', () => {
  const page = query({ PageNumber: '1', PageSize: '50' });

  test('matches the seed: DistResults.DistResult[].StatusStats.StatusStat[].Instances.Instance[]', () => {
    expect(Object.keys(page).sort()).toEqual(['DistResults', 'PageNumber', 'PageSize', 'RequestId', 'TotalCount']);
    for (const result of page.DistResults.DistResult) {
      expect(Object.keys(result)).toEqual(['Name', 'Version', 'StatusStats']);
      for (const stat of result.StatusStats.StatusStat) {
        expect(Object.keys(stat)).toEqual(['Status', 'InstanceCount', 'Instances']);
        expect(typeof stat.InstanceCount).toBe('string');
        expect(stat.InstanceCount).toBe(String(stat.Instances.Instance.length));
        for (const instance of stat.Instances.Instance) {
          // Instance rows carry no region in the real API.
          expect(Object.keys(instance)).toEqual(['InstanceId', 'StartTime', 'UpdateTime', 'StatusDescrip']);
          expect(instance.StartTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
          expect(instance.UpdateTime >= instance.StartTime).toBe(true);
        }
      }
    }
  });

  test('status groups are unique per file and in a fixed order', () => {
    const order = ['SUCCESS', 'DISTING', 'FAILED', 'POD_RESTARTING', 'DELETED'];
    for (const result of all.DistResults.DistResult) {
      const statuses = result.StatusStats.StatusStat.map((s) => s.Status);
      expect(statuses).toEqual(order.filter((s) => statuses.includes(s as never)));
    }
  });
});

describe('DescribeDataDistResult rejections', () => {
  test.each([
    ['PageSize', '0', 'InvalidParameter.PageSize'],
    ['PageSize', String(MAX_DIST_PAGE_SIZE + 1), 'InvalidParameter.PageSize'],
    ['PageSize', 'ten', 'InvalidParameter.PageSize'],
    ['PageNumber', '0', 'InvalidParameter.PageNumber'],
    ['PageNumber', '-1', 'InvalidParameter.PageNumber'],
    ['PageNumber', '1.5', 'InvalidParameter.PageNumber'],
    ['MinDate', '2024/05/20', 'InvalidParameter.MinDate'],
    ['MinDate', '2024-02-30', 'InvalidParameter.MinDate'],
    ['MaxDate', '20240520', 'InvalidParameter.MaxDate'],
    ['MaxDate', '2024-05-20T00:00:00Z', 'InvalidParameter.MaxDate'],
    ['EnsRegionIds', '["cn-wuxi-5"', 'InvalidParameter.EnsRegionIds'],
    ['EnsRegionIds', '[1,2]', 'InvalidParameter.EnsRegionIds'],
  ])('%s=%s is %s', (name, value, code) => {
    const err = rejection(() => query({ [name]: value }));
    expect(err.code).toBe(code);
    expect(err.httpStatus).toBe(400);
    expect(err.message).toContain(value);
  });

  test('a missing AppId is MissingParameter', () => {
    expect(rejection(() => store.handle('DescribeDataDistResult', {})).code).toBe('MissingParameter');
  });

  test('an unknown AppId is InvalidParameter.AppId', () => {
    const err = rejection(() =>
      store.handle('DescribeDataDistResult', { AppId: 'e76f8985-7965-41fc-925b-9648bb6bf650' }),
    );
    expect(err.code).toBe('InvalidParameter.AppId');
    expect(err.message).toContain('e76f8985-7965-41fc-925b-9648bb6bf650');
  });
});
