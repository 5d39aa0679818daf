import fc from 'fast-check';
import { describe, expect, test, vi } from 'vitest';
import { INSTANCE_SORT_KEYS } from '@/lib/domain/instance-columns';
import { attachRegions } from '@/lib/ens/inventory';
import { NextRead } from './next-read';
import { VIEW_CARRY_MS } from '@/lib/domain/row-views';
import { DIST_STATUSES } from '@/lib/domain/status';
import { buildRow, SAMPLE_NAME, SAMPLE_VERSION } from '@/lib/domain/test-rows';
import { detailOf, filterAndSort, type DistRow } from '@/lib/domain/version-detail';

const NAME = SAMPLE_NAME;
const VERSION = SAMPLE_VERSION;

// Ids in an order unlike any sort key, so views really have to sort.
const fleet = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    buildRow({
      instanceId: `i-${(i * 7919) % n}`.padEnd(8, 'x'),
      regionId: `cn-r-${i % 5}`,
      status: DIST_STATUSES[i % 3],
      updateTime: `2026-11-26T07:${String(i % 60).padStart(2, '0')}:00Z`,
    }),
  );
const copy = (rows: readonly DistRow[]) => rows.map((r) => ({ ...r }));
const everyView = INSTANCE_SORT_KEYS.flatMap((sort) =>
  (['asc', 'desc'] as const).map((order) => ({ status: [], region: [], q: '', sort, order })),
);

/** A read whose answer came as one page. */
function readOnce(previous: readonly DistRow[] | undefined, rows: readonly DistRow[], now?: number) {
  const read = new NextRead(NAME, VERSION, previous);
  read.addPage(0, rows);
  return read.finish(now);
}

describe('NextRead', () => {
  test('an unchanged read is the previous array, so its detail and views stay valid', async () => {
    const first = await readOnce(undefined, fleet(50));
    const detail = detailOf(NAME, VERSION, first);
    const again = await readOnce(first, copy(first).reverse());
    expect(again).toBe(first);
    expect(detailOf(NAME, VERSION, again)).toBe(detail);
  });

  test('unchanged instances keep their objects; changed, added and dropped ones show', async () => {
    const first = await readOnce(undefined, fleet(20));
    const next = copy(first).slice(1);
    next[3] = { ...next[3]!, status: 'FAILED', statusDescrip: 'md5 checksum mismatch' };
    next.push(buildRow({ instanceId: 'i-new' }));
    const shared = await readOnce(first, next);
    expect(shared).not.toBe(first);
    expect(shared.length).toBe(20);
    expect(shared[0]).toBe(first[1]);
    expect(shared[3]?.status).toBe('FAILED');
    expect(shared.at(-1)?.instanceId).toBe('i-new');
    expect(detailOf(NAME, VERSION, shared)).toEqual(detailOf(NAME, VERSION, copy(next)));
  });

  test('pages in any order: rows in page order, an instance met twice counted once, other versions left out', async () => {
    const read = new NextRead(NAME, VERSION, undefined);
    const regions = new Map([['i-b', 'cn-wuxi-5']]);
    read.addPage(
      1,
      attachRegions([buildRow({ instanceId: 'i-c' }), buildRow({ instanceId: 'i-b', status: 'FAILED' })], regions),
    );
    read.addPage(0, [buildRow({ instanceId: 'i-a' }), buildRow({ instanceId: 'i-b', version: 'other' })]);
    read.addPage(2, [buildRow({ instanceId: 'i-c', status: 'DISTING' })]);
    const rows = await read.finish();
    expect(rows.map((r) => `${r.instanceId} ${r.status} ${r.regionId}`)).toEqual([
      'i-a SUCCESS cn-chengdu-telecom-4',
      'i-c SUCCESS cn-chengdu-telecom-4',
      'i-b FAILED cn-wuxi-5',
    ]);
    expect(detailOf(NAME, VERSION, rows).counts).toMatchObject({ SUCCESS: 2, FAILED: 1, DISTING: 0 });
  });

  test('regions handed with a page are attributed as attachRegions does, and an unchanged row is kept', async () => {
    const regions = new Map([
      ['i-a', 'cn-wuxi-5'],
      ['i-b', 'cn-hangzhou-2'],
    ]);
    const page = [buildRow({ instanceId: 'i-a' }), buildRow({ instanceId: 'i-b' }), buildRow({ instanceId: 'i-c' })];
    const copied = await readOnce(undefined, attachRegions(page, regions));
    const read = new NextRead(NAME, VERSION, copied);
    read.addPage(0, page, regions);
    // Nothing changed, the regions included: the previous read itself.
    expect(await read.finish()).toBe(copied);
    const moved = new NextRead(NAME, VERSION, copied);
    moved.addPage(0, page, new Map([['i-a', 'cn-wuxi-6']]));
    const rows = await moved.finish();
    expect(rows).toEqual(attachRegions(page, new Map([['i-a', 'cn-wuxi-6']])));
    expect(rows[1]).not.toBe(copied[1]);
    expect(rows[2]).toBe(copied[2]);
  });

  test('rows are kept as new objects of the row fields alone, in one order, whatever the parsed page carried', async () => {
    const { regionId: _r, ...unplaced } = buildRow({ instanceId: 'i-a', status: 'FAILED' });
    const extra = { ...buildRow({ instanceId: 'i-b' }), requestId: 'x', raw: { big: 'answer' } };
    const parsed: DistRow[] = [...attachRegions([extra], new Map([['i-b', 'cn-wuxi-5']])), unplaced, extra];
    const rows = await readOnce(undefined, parsed);
    const fields = ['name', 'version', 'instanceId', 'regionId', 'status', 'statusDescrip', 'startTime', 'updateTime'];
    expect(rows.map((r) => Object.keys(r))).toEqual([fields, fields.filter((f) => f !== 'regionId')]);
    // Not the parsed objects: those (and whatever they hold of ENS's answer) can go.
    rows.forEach((row, i) => expect(row).not.toBe(parsed[i]));
    expect(rows[0]).toEqual({ ...buildRow({ instanceId: 'i-b' }), regionId: 'cn-wuxi-5' });
    expect(rows[1]).toEqual(unplaced);
  });

  test('carried-over views and the tallied detail equal a fresh sort and a fresh count, whatever changed', async () => {
    const change = fc.record({
      at: fc.nat(),
      status: fc.constantFrom(...DIST_STATUSES),
      minute: fc.integer({ min: 0, max: 59 }),
      drop: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 60 }),
        fc.array(change, { maxLength: 30 }),
        fc.nat(5),
        async (size, changes, added) => {
          const first = await readOnce(undefined, fleet(size));
          for (const view of everyView) filterAndSort(first, view);
          let next = copy(first);
          for (const c of changes) {
            const i = c.at % next.length;
            if (c.drop && next.length > 1) next.splice(i, 1);
            else
              next[i] = {
                ...next[i]!,
                status: c.status,
                updateTime: `2026-11-26T08:${String(c.minute).padStart(2, '0')}:00Z`,
              };
          }
          next = next.concat(
            Array.from({ length: added }, (_, k) => buildRow({ instanceId: `i-added-${k}`, status: 'DISTING' })),
          );
          const shared = await readOnce(first, next);
          const fresh = copy(next);
          for (const view of everyView) expect(filterAndSort(shared, view)).toEqual(filterAndSort(fresh, view));
          expect(detailOf(NAME, VERSION, shared)).toEqual(detailOf(NAME, VERSION, fresh));
        },
      ),
      { numRuns: 150 },
    );
  });

  test('past the carry window a view is sorted afresh, and is still right', async () => {
    const first = await readOnce(undefined, fleet(30));
    const view = { status: [], region: [], q: '', sort: 'updateTime' as const, order: 'desc' as const };
    filterAndSort(first, view);
    const next = copy(first);
    next[0] = { ...next[0]!, updateTime: '2026-11-26T09:00:00Z' };
    const shared = await readOnce(first, next, Date.now() + VIEW_CARRY_MS + 1);
    expect(filterAndSort(shared, view)[0]?.instanceId).toBe(next[0]?.instanceId);
  });

  describe('pages remembered for the next read', () => {
    /** A page as the client hands it: its rows, and the fingerprint of its bytes. */
    const answer = (fingerprint: string, rows: readonly DistRow[]) => ({
      requestId: `R-${fingerprint}`,
      pageNumber: undefined,
      pageSize: undefined,
      totalCount: undefined,
      rows: [...rows],
      summaries: [],
      fingerprint,
    });
    const regions = new Map([['i-0xxxxx', 'cn-r-9']]);

    async function firstRead(pages: [string, DistRow[]][]) {
      const read = new NextRead(NAME, VERSION, undefined);
      pages.forEach(([fingerprint, rows], i) => read.addPage(i, rows, regions, answer(fingerprint, rows)));
      return read.finish();
    }

    test('a page is recalled as the last read kept it, under the same instance → region map only', async () => {
      const rows = fleet(20);
      const first = await firstRead([
        ['a', rows.slice(0, 10)],
        ['b', rows.slice(10)],
      ]);
      const next = new NextRead(NAME, VERSION, first);
      const held = next.recall('b', regions);
      expect(held?.rows).toEqual(first.slice(10));
      expect(held?.rows[0]).toBe(first[10]);
      expect(held).not.toHaveProperty('fingerprint');
      expect(next.recall('c', regions)).toBeUndefined();
      // The inventory was read again: the rows may now belong to other regions.
      expect(next.recall('b', new Map(regions))).toBeUndefined();
      expect(new NextRead(NAME, VERSION, undefined).recall('b', regions)).toBeUndefined();
    });

    test('a page that lost a row (another version, an instance met before) is not remembered', async () => {
      const rows = fleet(12);
      const foreign = { ...rows[0]!, version: 'other', instanceId: 'i-foreign' };
      const first = await firstRead([
        ['a', rows.slice(0, 6)],
        ['dup', [rows[0]!, ...rows.slice(6, 9)]],
        ['foreign', [foreign, ...rows.slice(9)]],
      ]);
      const next = new NextRead(NAME, VERSION, first);
      expect(next.recall('a', regions)).toBeDefined();
      expect(next.recall('dup', regions)).toBeUndefined();
      expect(next.recall('foreign', regions)).toBeUndefined();
    });

    test('a read made by one copy of the module is recalled by another (the watcher and the routes are two)', async () => {
      const rows = fleet(10);
      const first = await firstRead([['a', rows]]);
      vi.resetModules();
      const routeCopy = await import('./next-read');
      expect(routeCopy.NextRead).not.toBe(NextRead);
      expect(new routeCopy.NextRead(NAME, VERSION, first).recall('a', regions)?.rows).toEqual(first);
    });

    test('a read that changed nothing hands its pages on with the previous array', async () => {
      const rows = fleet(10);
      const first = await firstRead([['a', rows]]);
      const second = new NextRead(NAME, VERSION, first);
      second.addPage(0, second.recall('a', regions)!.rows, regions, answer('a2', first));
      expect(await second.finish()).toBe(first);
      const third = new NextRead(NAME, VERSION, first);
      expect(third.recall('a2', regions)?.rows).toEqual(first);
      expect(third.recall('a', regions)).toBeUndefined();
    });
  });
});
