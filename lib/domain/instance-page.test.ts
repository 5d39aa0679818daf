import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { buildRow } from './test-rows';
import {
  facetsOf,
  filterAndSort,
  instancePage,
  pageOf,
  UNKNOWN_REGION,
  type DistRow,
  type Facets,
} from './version-detail';
import { INSTANCE_SORT_KEYS } from './instance-columns';
import { DIST_STATUSES } from './status';

const REGIONS = ['cn-a', 'cn-b', 'cn-c'];
const REASONS = ['Success', 'download timeout after 1800s', 'no space left on device'];

const rowsArb = fc
  .uniqueArray(
    fc.record({
      id: fc.integer({ min: 0, max: 999 }),
      status: fc.constantFrom(...DIST_STATUSES),
      region: fc.option(fc.constantFrom(...REGIONS), { nil: undefined }),
      reason: fc.constantFrom(...REASONS),
      minute: fc.integer({ min: 0, max: 59 }),
    }),
    { selector: (r) => r.id, maxLength: 60 },
  )
  .map((specs) =>
    specs.map((r) =>
      buildRow({
        instanceId: `i-${r.id.toString().padStart(3, '0')}`,
        status: r.status,
        regionId: r.region,
        statusDescrip: r.reason,
        updateTime: `2026-11-26T07:${r.minute.toString().padStart(2, '0')}:00Z`,
      }),
    ),
  );

const queryArb = fc.record({
  status: fc.subarray([...DIST_STATUSES, 'NOT_A_STATUS']),
  region: fc.subarray([...REGIONS, UNKNOWN_REGION]),
  q: fc.constantFrom('', 'timeout', 'i-0', 'CN-A'),
  sort: fc.constantFrom(...INSTANCE_SORT_KEYS),
  order: fc.constantFrom('asc' as const, 'desc' as const),
  page: fc.integer({ min: 1, max: 5 }),
  pageSize: fc.integer({ min: 1, max: 20 }),
});

/** The counts by their definition: one pass over the rows per filter. */
function countedFacets(rows: readonly DistRow[], query: { status: string[]; region: string[]; q: string }): Facets {
  const needle = query.q.toLowerCase();
  const region = (r: DistRow) => r.regionId ?? UNKNOWN_REGION;
  const inRegion = (r: DistRow) => query.region.length === 0 || query.region.includes(region(r));
  const inText = (r: DistRow) =>
    needle === '' ||
    r.instanceId.toLowerCase().includes(needle) ||
    r.statusDescrip.toLowerCase().includes(needle) ||
    (r.regionId ?? '').toLowerCase().includes(needle);
  const inStatus = (r: DistRow) => query.status.length === 0 || query.status.includes(r.status);
  const status = Object.fromEntries(
    DIST_STATUSES.map((s) => [s, rows.filter((r) => r.status === s && inRegion(r) && inText(r)).length]),
  ) as Facets['status'];
  const reasons = [...new Set(rows.filter((r) => r.status === 'FAILED' && inRegion(r)).map((r) => r.statusDescrip))]
    .map((d) => ({
      statusDescrip: d,
      count: rows.filter((r) => r.status === 'FAILED' && inRegion(r) && r.statusDescrip === d).length,
    }))
    .sort((a, b) => b.count - a.count || a.statusDescrip.localeCompare(b.statusDescrip));
  const regions = [...new Set(rows.map(region))]
    .map((regionId) => ({
      regionId,
      count: rows.filter((r) => region(r) === regionId && inStatus(r) && inText(r)).length,
    }))
    .filter((r) => r.count > 0)
    .sort((a, b) => a.regionId.localeCompare(b.regionId));
  return { status, reasons, regions };
}

describe('instancePage()', () => {
  test('is the page of the filtered, sorted rows, for every filter (status alone merges positions)', () => {
    fc.assert(
      fc.property(rowsArb, queryArb, (rows, query) => {
        const page = instancePage(rows, query);
        const matched = filterAndSort(rows, query);
        expect(page.total).toBe(matched.length);
        expect(page.rows).toEqual(pageOf(matched, query.page, query.pageSize));
      }),
      { numRuns: 400 },
    );
  });

  test('a status filter merges the statuses in the sorted order, past the first page', () => {
    const rows = [
      buildRow({ instanceId: 'i-1', status: 'FAILED' }),
      buildRow({ instanceId: 'i-2', status: 'SUCCESS' }),
      buildRow({ instanceId: 'i-3', status: 'DELETED' }),
      buildRow({ instanceId: 'i-4', status: 'FAILED' }),
      buildRow({ instanceId: 'i-5', status: 'SUCCESS' }),
    ];
    const query = { status: ['SUCCESS', 'FAILED'], region: [], q: '', sort: 'instanceId', order: 'desc' } as const;
    const second = instancePage(rows, { ...query, page: 2, pageSize: 2 });
    expect(second.total).toBe(4);
    expect(second.rows.map((r) => r.instanceId)).toEqual(['i-2', 'i-1']);
    expect(instancePage(rows, { ...query, page: 3, pageSize: 2 }).rows).toEqual([]);
  });
});

describe('facetsOf()', () => {
  test('every status and region filter counts what its definition says, from one tally per text', () => {
    fc.assert(
      fc.property(rowsArb, queryArb, (rows, query) => {
        expect(facetsOf(rows, query)).toEqual(countedFacets(rows, query));
      }),
      { numRuns: 400 },
    );
  });
});
