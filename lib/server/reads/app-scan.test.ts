import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { instanceAttention } from '@/lib/domain/attention';
import { successSeries } from '@/lib/domain/progress';
import { reconstructHistory } from '@/lib/domain/reconstruct';
import { DIST_STATUSES } from '@/lib/domain/status';
import { buildRow } from '@/lib/domain/test-rows';
import { summarizeVersions, type DistRow } from '@/lib/domain/version-detail';
import { AppScan } from './app-scan';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const POINTS = 24;

/** What the overview computed from every row collected (fetchAllDistribution, then each function). */
function collected(pages: readonly (readonly DistRow[] | undefined)[], now: number) {
  const seen = new Set<string>();
  const rows: DistRow[] = [];
  for (const page of pages)
    for (const row of page ?? []) {
      const key = `${row.name}\u0000${row.version}\u0000${row.instanceId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push(row);
    }
  const byVersion = new Map<string, DistRow[]>();
  for (const r of rows) {
    const k = `${r.name}\u0000${r.version}`;
    byVersion.set(k, [...(byVersion.get(k) ?? []), r]);
  }
  const trends = new Map<string, number[]>();
  for (const [k, list] of byVersion) trends.set(k, successSeries(reconstructHistory(list, [], now, POINTS).points));
  return { summaries: summarizeVersions(rows), attention: instanceAttention(rows, now), trends };
}

/** The same pages through AppScan, handed over in `order`. */
function scanned(
  pages: readonly (readonly DistRow[] | undefined)[],
  order: readonly number[],
  now: number,
  pause?: () => Promise<void>,
) {
  const scan = new AppScan();
  for (const index of order) {
    const page = pages[index];
    if (page) scan.addPage(index, page);
  }
  return scan.finish(now, POINTS, pause);
}

const iso = (minutesAgo: number) => new Date(NOW - minutesAgo * 60_000).toISOString().replace('.000', '');

const rowArb = fc.record({
  name: fc.constantFrom('geo', 'cfg'),
  version: fc.constantFrom('1', '2', '3'),
  instanceId: fc.integer({ min: 0, max: 30 }).map((n) => `i-${n}`),
  regionId: fc.constantFrom(undefined, 'cn-a', 'cn-b'),
  status: fc.constantFrom(...DIST_STATUSES),
  // Minutes ago; negative is after now (clamped), null is a time ENS left empty.
  start: fc.option(fc.integer({ min: -5, max: 600 }), { nil: null }),
  took: fc.integer({ min: -30, max: 300 }),
});

type RowSpec = typeof rowArb extends fc.Arbitrary<infer T> ? T : never;

const toRow = (r: RowSpec): DistRow => {
  const row = buildRow({
    name: r.name,
    version: r.version,
    instanceId: r.instanceId,
    status: r.status,
    statusDescrip: r.status === 'FAILED' ? 'Timeout' : 'Success',
    startTime: r.start === null ? '' : iso(r.start),
    // A negative `took` is an update before the start: the clock skew ENS's own example shows.
    updateTime: iso((r.start ?? 60) - r.took),
  });
  if (r.regionId === undefined) delete row.regionId;
  else row.regionId = r.regionId;
  return row;
};

/** `count` instances of geo @ `version` over `regions` regions, every status in turn. */
const largeVersion = (version: string, count: number, regions: number) =>
  Array.from({ length: count }, (_, i) =>
    buildRow({
      name: 'geo',
      version,
      instanceId: `i-${i}`,
      regionId: `cn-${i % regions}`,
      status: DIST_STATUSES[i % DIST_STATUSES.length],
      startTime: iso(300 - (i % 240)),
      updateTime: iso(300 - (i % 240) - (i % 50)),
    }),
  );

describe('AppScan', () => {
  test('gives what the collected rows gave, whatever the order the pages arrive in', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(rowArb.map(toRow), { maxLength: 12 }), { maxLength: 8 }),
        fc.func(fc.integer()),
        async (pages, key) => {
          const order = pages.map((_, i) => i).sort((a, b) => key(a) - key(b) || a - b);
          expect(await scanned(pages, order, NOW)).toEqual(collected(pages, NOW));
        },
      ),
      { numRuns: 300 },
    );
  });

  test('a version larger than a column chunk, an instance met again on a later page, and a page missing', async () => {
    const big = largeVersion('2', 10_000, 7);
    const pages: (DistRow[] | undefined)[] = [];
    for (let i = 0; i < big.length; i += 1_000) pages.push(big.slice(i, i + 1_000));
    // Page 4 again on page 11, moved on meanwhile: the first in page order counts.
    pages.push((pages[3] ?? []).map((r) => ({ ...r, status: 'FAILED' as const, updateTime: iso(1) })));
    pages.push(undefined);
    pages.push([buildRow({ name: 'cfg', version: '1', instanceId: 'i-1', status: 'DISTING', startTime: iso(500) })]);
    const order = [12, 0, 2, 1, 10, 3, 5, 4, 6, 9, 8, 7];
    const result = await scanned(pages, order, NOW);
    expect(result).toEqual(collected(pages, NOW));
    expect(result.summaries.map((s) => [s.name, s.version, s.total])).toEqual([
      ['geo', '2', 10_000],
      ['cfg', '1', 1],
    ]);
    expect(result.attention.map((a) => a.cause)).toContain('stuck');
  });

  test('a large scan is finished in steps, pausing between them: requests are answered while it runs', async () => {
    const rows = largeVersion('3', 40_000, 5);
    const pages: DistRow[][] = [];
    for (let i = 0; i < rows.length; i += 1_000) pages.push(rows.slice(i, i + 1_000));
    let pauses = 0;
    const result = await scanned(
      pages,
      pages.map((_, i) => i),
      NOW,
      async () => {
        pauses += 1;
      },
    );
    expect(result.summaries).toHaveLength(1);
    expect(result.summaries[0]).toMatchObject({
      total: 40_000,
      counts: { SUCCESS: 8_000, DISTING: 8_000, FAILED: 8_000, POD_RESTARTING: 8_000, DELETED: 8_000 },
    });
    expect(result.trends.get('geo\u00003')?.length).toBeGreaterThan(1);
    // 40,000 rows walked three times (trend, then attention's two passes), a pause at
    // least every 32,768 rows and after each version's trend.
    expect(pauses).toBeGreaterThanOrEqual(4);
  });

  test('no rows: no summaries, no attention, no trends', async () => {
    expect(await new AppScan().finish(NOW, POINTS)).toEqual({ summaries: [], attention: [], trends: new Map() });
  });
});
