import { expect, test, vi } from 'vitest';
import { buildRow } from '@/lib/domain/test-rows';
import { facetsOf, filterAndSort, type DistRow } from '@/lib/domain/version-detail';
import { rowMemo, sortedView, VIEW_CARRY_MS } from '@/lib/domain/row-views';
import type { InstanceFilter } from '@/lib/domain/instance-columns';
import { prepareHistory } from '@/lib/server/snapshots';
import { stragglersOf } from '@/lib/server/versions';
import { prepareVersionViews } from './prepared-views';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { installHttpTap, requestsInFlight } from '@/lib/server/observability/http-tap';

const key = { appId: 'a-1', name: 'geo.db', version: '1.2' };
const start = Date.parse('2026-11-26T07:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

/** A read of 300 instances in three regions, a third still distributing; `moved` more have succeeded. */
function read(moved = 0): DistRow[] {
  return Array.from({ length: 300 }, (_, i) => {
    const settled = i % 3 !== 0 || i < moved * 3;
    return buildRow({
      name: key.name,
      version: key.version,
      instanceId: `i-${String(i).padStart(4, '0')}`,
      regionId: `cn-${i % 3}`,
      status: settled ? (i % 7 === 0 ? 'FAILED' : 'SUCCESS') : 'DISTING',
      statusDescrip: settled && i % 7 === 0 ? 'disk full' : '',
      startTime: iso(start),
      updateTime: iso(start + (settled ? 60_000 + i * 100 : 0)),
    });
  });
}

const failedInRegion: InstanceFilter = {
  status: ['FAILED'],
  region: ['cn-1'],
  q: '',
  sort: 'instanceId',
  order: 'asc',
};
const byUpdate: InstanceFilter = { status: [], region: [], q: '', sort: 'updateTime', order: 'desc' };
const filterKey = (q: InstanceFilter) =>
  JSON.stringify([q.sort, q.order, [...q.status].sort(), [...q.region].sort(), q.q.toLowerCase()]);
const facetsKey = (q: InstanceFilter) =>
  JSON.stringify([[...q.status].sort(), [...q.region].sort(), q.q.toLowerCase()]);

type Holders = typeof globalThis & {
  __ensStragglers?: WeakMap<readonly DistRow[], unknown>;
  __ensRebuilt?: WeakMap<readonly DistRow[], unknown>;
};
const holders = globalThis as Holders;
const prepared = (rows: readonly DistRow[]) => ({
  stragglers: holders.__ensStragglers?.has(rows) ?? false,
  history: holders.__ensRebuilt?.has(rows) ?? false,
  filtered: rowMemo.filtered.get(rows)?.has(filterKey(failedInRegion)) ?? false,
  facets: rowMemo.facets.get(rows)?.has(facetsKey(failedInRegion)) ?? false,
  sorted: rowMemo.views.get(rows)?.has('updateTime:desc') ?? false,
});

test('what requests asked of a read is made from the next read before it is served, for another copy of the module', async () => {
  const previous = read();
  // What the open page asked of the last sweep: detail (stragglers), history, two table views.
  stragglersOf(previous);
  prepareHistory(key.appId, key.name, key.version, previous);
  filterAndSort(previous, failedInRegion);
  facetsOf(previous, failedInRegion);
  filterAndSort(previous, byUpdate);

  const next = read(20);
  expect(prepared(next)).toEqual({ stragglers: false, history: false, filtered: false, facets: false, sorted: false });
  await prepareVersionViews(key, previous, next);
  // The routes load lib as a module copy of their own (as the built server does): it finds them made.
  vi.resetModules();
  const routeCopy = await import('@/lib/domain/row-views');
  expect(routeCopy.rowMemo).toBe(rowMemo);
  expect(prepared(next)).toEqual({ stragglers: true, history: true, filtered: true, facets: true, sorted: true });
  // Made from the new rows: the same as a request would compute from them.
  expect(rowMemo.filtered.get(next)?.get(filterKey(failedInRegion))).toEqual(
    next
      .filter((r) => r.status === 'FAILED' && r.regionId === 'cn-1')
      .sort((a, b) => a.instanceId.localeCompare(b.instanceId)),
  );
});

test('a preparation waits for the request being answered, and makes the views once it is done', async () => {
  // A real request held open on a server the HTTP tap sees, as the dashboard's requests are.
  installHttpTap();
  let answer = () => {};
  const server = createServer((_req, res) => (answer = () => res.end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const previous = read();
    filterAndSort(previous, failedInRegion);
    facetsOf(previous, failedInRegion);
    const next = read(20);
    const answered = fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    while (requestsInFlight() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const preparing = prepareVersionViews(key, previous, next);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(prepared(next)).toMatchObject({ filtered: false, facets: false });
    answer();
    await answered;
    await preparing;
    expect(prepared(next)).toMatchObject({ filtered: true, facets: true });
  } finally {
    answer();
    await new Promise((resolve) => server.close(resolve));
  }
});

test('a read nobody asked anything of prepares nothing for the next', async () => {
  const previous = read();
  const next = read(5);
  await prepareVersionViews(key, previous, next);
  expect(prepared(next)).toEqual({ stragglers: false, history: false, filtered: false, facets: false, sorted: false });
});

test('asks carry over as old as they were: views nobody reads any more stop being made', async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    vi.setSystemTime(start);
    const first = read();
    stragglersOf(first);
    filterAndSort(first, failedInRegion);
    // The watcher's next sweeps, with nobody asking again.
    const second = read(5);
    // The read carried the table's order over from the first (NextRead), as last read then.
    sortedView(second, 'instanceId', 'asc', start);
    vi.setSystemTime(start + VIEW_CARRY_MS / 2);
    await prepareVersionViews(key, first, second);
    expect(prepared(second)).toMatchObject({ stragglers: true, filtered: true });
    // Still within the minute of the first read's asks: carried to the third read too.
    const third = read(10);
    await prepareVersionViews(key, second, third);
    expect(prepared(third)).toMatchObject({ stragglers: true, filtered: true });
    // A minute after the last ask: no longer made.
    const fourth = read(15);
    vi.setSystemTime(start + VIEW_CARRY_MS + 1);
    await prepareVersionViews(key, third, fourth);
    expect(prepared(fourth)).toMatchObject({ stragglers: false, filtered: false });
    // Nor did the preparation make the sorted view look read: it ages from its last request.
    expect(rowMemo.views.get(second)?.get('instanceId:asc')?.usedAt).toBe(start);
  } finally {
    vi.useRealTimers();
  }
});

test('a sweep that found nothing changed (the same rows) prepares nothing again', async () => {
  const rows = read();
  filterAndSort(rows, failedInRegion);
  const before = rowMemo.filtered.get(rows)?.get(filterKey(failedInRegion));
  await prepareVersionViews(key, rows, rows);
  expect(rowMemo.filtered.get(rows)?.get(filterKey(failedInRegion))).toBe(before);
});

test('a part that fails is left to the request that asks for it; the sweep goes on', async () => {
  const previous = read();
  filterAndSort(previous, failedInRegion);
  stragglersOf(previous);
  // A hole where a row should be: every part throws on it.
  const broken = [...read(5), null as unknown as DistRow];
  expect(() => stragglersOf(broken)).toThrow();
  await expect(prepareVersionViews(key, previous, broken)).resolves.toBeUndefined();
});
