import type { DistRow } from '@/lib/ens/schemas';
import type { InstanceFilter, InstanceSortKey } from './instance-columns';
import type { Facets, FacetTally, VersionDetail } from './version-detail';
import { DIST_STATUSES, type DistStatus } from './status';

/*
 * Work derived from one read of a version's rows (its detail, its sorted views, its
 * index by instance) is memoized on the rows array, which is never mutated. On
 * globalThis: Next.js loads the watcher (instrumentation) and the routes as separate
 * module instances, and what the watcher prepares must be what a route finds.
 */

export interface SortedView {
  rows: readonly DistRow[];
  /** Epoch ms a request last read this view; a view nobody reads stops being carried over. */
  usedAt: number;
  /** Per status, the positions in `rows` of the rows with that status, ascending; made when first asked. */
  byStatus?: Record<DistStatus, Int32Array>;
}

interface RowMemo {
  details: WeakMap<readonly DistRow[], VersionDetail>;
  views: WeakMap<readonly DistRow[], Map<string, SortedView>>;
  byInstance: WeakMap<readonly DistRow[], ReadonlyMap<string, DistRow>>;
  /** Filtered views by filter: paging, polls and other viewers of the same filter reuse them. */
  filtered: WeakMap<readonly DistRow[], Map<string, readonly DistRow[]>>;
  /** The counts beside the filters, by filter: each poll of the same filter reuses them. */
  facets: WeakMap<readonly DistRow[], Map<string, Facets>>;
  /** Rows by region and status under a text filter, by text: every status and region filter's counts come from one. */
  tallies: WeakMap<readonly DistRow[], Map<string, FacetTally>>;
  /** What requests asked of each read (a table filter, the stragglers, the history), and when last. */
  asked: WeakMap<readonly DistRow[], Map<string, Asked>>;
}

const holder = globalThis as typeof globalThis & { __ensRowMemo?: Partial<RowMemo> };
const existing = (holder.__ensRowMemo ??= {});
// The one object every module instance shares; a table an older instance did not have is added to it.
export const rowMemo: RowMemo = Object.assign(existing, {
  details: new WeakMap(),
  views: new WeakMap(),
  byInstance: new WeakMap(),
  filtered: new WeakMap(),
  facets: new WeakMap(),
  tallies: new WeakMap(),
  asked: new WeakMap(),
  ...existing,
});

const quiet = globalThis as typeof globalThis & { __ensPreparing?: boolean };

/** How long a sorted view nobody reads is still carried over to the next read of its version. */
export const VIEW_CARRY_MS = 60_000;

const statusRank = Object.fromEntries(DIST_STATUSES.map((s, i) => [s, i])) as Record<DistStatus, number>;

// Ids, regions and ISO times are ASCII: code-unit order is their natural order, and
// ten times faster than localeCompare over 100,000 rows.
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const comparators = new Map<string, (a: DistRow, b: DistRow) => number>();

/** The table's order for a sort key (instance id breaks ties, so paging is stable). */
export function comparator(key: InstanceSortKey, order: 'asc' | 'desc'): (a: DistRow, b: DistRow) => number {
  const viewKey = `${key}:${order}`;
  let compare = comparators.get(viewKey);
  if (!compare) {
    const primary: (a: DistRow, b: DistRow) => number =
      key === 'status'
        ? (a, b) => statusRank[a.status] - statusRank[b.status]
        : (a, b) => byText(a[key] ?? '', b[key] ?? '');
    const direction = order === 'desc' ? -1 : 1;
    compare = (a, b) => direction * primary(a, b) || byText(a.instanceId, b.instanceId);
    comparators.set(viewKey, compare);
  }
  return compare;
}

/**
 * A sorted copy of one read's rows, per sort key and order, made once: a filter change
 * on a 100,000-row version then costs one linear pass, not a sort.
 */
export function sortedView(
  rows: readonly DistRow[],
  key: InstanceSortKey,
  order: 'asc' | 'desc',
  now = Date.now(),
): readonly DistRow[] {
  return sortedViewEntry(rows, key, order, now).rows;
}

function sortedViewEntry(
  rows: readonly DistRow[],
  key: InstanceSortKey,
  order: 'asc' | 'desc',
  now: number,
): SortedView {
  let views = rowMemo.views.get(rows);
  if (!views) rowMemo.views.set(rows, (views = new Map()));
  const viewKey = `${key}:${order}`;
  let view = views.get(viewKey);
  if (!view) {
    view = { rows: [...rows].sort(comparator(key, order)), usedAt: now };
    views.set(viewKey, view);
  }
  // A preparation (unnoted) is no reader: the view still ages from its last request.
  if (!quiet.__ensPreparing) view.usedAt = now;
  return view;
}

/**
 * The sorted view of one read's rows, with the positions of each status's rows in it:
 * a table filtered by status alone is then a merge of a few lists of positions, up to
 * the page asked for, not a pass over every row.
 */
export function sortedByStatus(
  rows: readonly DistRow[],
  key: InstanceSortKey,
  order: 'asc' | 'desc',
  now = Date.now(),
): { rows: readonly DistRow[]; byStatus: Record<DistStatus, Int32Array> } {
  const view = sortedViewEntry(rows, key, order, now);
  view.byStatus ??= positionsByStatus(view.rows);
  return { rows: view.rows, byStatus: view.byStatus };
}

function positionsByStatus(sorted: readonly DistRow[]): Record<DistStatus, Int32Array> {
  const ranks = new Uint8Array(sorted.length);
  const sizes = new Int32Array(DIST_STATUSES.length);
  sorted.forEach((row, i) => {
    const rank = statusRank[row.status];
    ranks[i] = rank;
    sizes[rank]! += 1;
  });
  const lists = DIST_STATUSES.map((_, rank) => new Int32Array(sizes[rank]!));
  const filled = new Int32Array(DIST_STATUSES.length);
  ranks.forEach((rank, i) => {
    lists[rank]![filled[rank]!++] = i;
  });
  return Object.fromEntries(DIST_STATUSES.map((s, rank) => [s, lists[rank]!])) as Record<DistStatus, Int32Array>;
}

/** Whether the rows are known to hold each instance once (one read's rows, already indexed), without indexing them. */
export function knownOnePerInstance(rows: readonly DistRow[]): boolean {
  return rowMemo.byInstance.has(rows);
}

/** Each row by instance id; undefined when an instance appears twice (not one version's read). */
export function indexByInstance(rows: readonly DistRow[]): ReadonlyMap<string, DistRow> | undefined {
  let index = rowMemo.byInstance.get(rows);
  if (!index) {
    const built = new Map<string, DistRow>();
    for (const row of rows) built.set(row.instanceId, row);
    if (built.size !== rows.length) return undefined;
    rowMemo.byInstance.set(rows, (index = built));
  }
  return index;
}

/** Filtered views (and facet counts) kept per read; the least recently made go first. */
const MAX_FILTERED = 16;

function memoPerFilter<V>(
  table: WeakMap<readonly DistRow[], Map<string, V>>,
  rows: readonly DistRow[],
  key: string,
  compute: () => V,
): V {
  let memo = table.get(rows);
  if (!memo) table.set(rows, (memo = new Map()));
  let value = memo.get(key);
  if (value === undefined) {
    value = compute();
    memo.set(key, value);
    if (memo.size > MAX_FILTERED) memo.delete(memo.keys().next().value ?? key);
  }
  return value;
}

/** The rows matching one filter, computed once per read and filter. */
export function filteredView(
  rows: readonly DistRow[],
  key: string,
  compute: () => readonly DistRow[],
): readonly DistRow[] {
  return memoPerFilter(rowMemo.filtered, rows, key, compute);
}

/** The facet counts under one filter, computed once per read and filter (a poll is one lookup, not a pass over every row). */
export function facetsView(rows: readonly DistRow[], key: string, compute: () => Facets): Facets {
  return memoPerFilter(rowMemo.facets, rows, key, compute);
}

/** The rows by region and status under one text filter, counted once per read and text. */
export function tallyView(rows: readonly DistRow[], needle: string, compute: () => FacetTally): FacetTally {
  return memoPerFilter(rowMemo.tallies, rows, needle, compute);
}

/** One thing a request asked of a read: a table filter (with its query), or a named view. */
export interface Asked {
  query?: InstanceFilter;
  usedAt: number;
}

/**
 * Notes that a request asked this read for `key` (a table filter as filterAndSort keys
 * it, with its query; or a view's name), so the next read prepares it
 * (lib/server/prepared-views.ts). Not while that preparation itself runs (unnoted).
 */
export function noteAsked(rows: readonly DistRow[], key: string, query?: InstanceFilter, now = Date.now()): void {
  if (quiet.__ensPreparing) return;
  let asked = rowMemo.asked.get(rows);
  if (!asked) rowMemo.asked.set(rows, (asked = new Map()));
  asked.delete(key);
  const filter = query && {
    status: query.status,
    region: query.region,
    q: query.q,
    sort: query.sort,
    order: query.order,
  };
  asked.set(key, { ...(filter ? { query: filter } : {}), usedAt: now });
  if (asked.size > MAX_FILTERED + 2) asked.delete(asked.keys().next().value ?? key);
}

/** What requests asked of this read within VIEW_CARRY_MS, by key. */
export function recentlyAsked(rows: readonly DistRow[], now = Date.now()): Map<string, Asked> {
  return new Map([...(rowMemo.asked.get(rows) ?? [])].filter(([, a]) => now - a.usedAt <= VIEW_CARRY_MS));
}

/** Runs `work` without noting what it asks: a preparation is not a request. */
export function unnoted<T>(work: () => T): T {
  quiet.__ensPreparing = true;
  try {
    return work();
  } finally {
    quiet.__ensPreparing = false;
  }
}

/** The next read keeps what was asked of the previous one, as long ago as it was. */
export function carryAsked(previous: readonly DistRow[], rows: readonly DistRow[], now = Date.now()): void {
  const carried = recentlyAsked(previous, now);
  if (carried.size === 0) return;
  let asked = rowMemo.asked.get(rows);
  if (!asked) rowMemo.asked.set(rows, (asked = new Map()));
  for (const [key, a] of carried) if ((asked.get(key)?.usedAt ?? -Infinity) < a.usedAt) asked.set(key, a);
}
