import { DIST_STATUSES, emptyCounts, type DistStatus, type StatusCounts } from './status';
import type { DistRow } from '@/lib/ens/schemas';
import type { InstanceQuery, InstanceSortKey } from './instance-query';

export type { DistRow };

export interface VersionSummary {
  name: string;
  version: string;
  total: number;
  counts: StatusCounts;
  updatedAt: string | null;
}

export interface VersionDetail {
  name: string;
  version: string;
  total: number;
  counts: StatusCounts;
  byRegion: { regionId: string; counts: StatusCounts }[];
  failureReasons: { statusDescrip: string; count: number }[];
  updatedAt: string | null;
}

export const UNKNOWN_REGION = 'unknown';

const versionKey = (name: string, version: string) => `${name}\u0000${version}`;

/** Every data file × version in the rows, with counts by status, newest activity first. */
export function summarizeVersions(rows: readonly DistRow[]): VersionSummary[] {
  const byVersion = new Map<string, VersionSummary>();
  for (const row of rows) {
    const key = versionKey(row.name, row.version);
    let item = byVersion.get(key);
    if (!item) {
      item = { name: row.name, version: row.version, total: 0, counts: emptyCounts(), updatedAt: null };
      byVersion.set(key, item);
    }
    item.total += 1;
    item.counts[row.status] += 1;
    if (item.updatedAt === null || row.updateTime > item.updatedAt) item.updatedAt = row.updateTime;
  }
  return [...byVersion.values()].sort(
    (a, b) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? '') || a.name.localeCompare(b.name) || a.version.localeCompare(b.version),
  );
}

const details = new WeakMap<readonly DistRow[], VersionDetail>();

/** Counts, counts by region and failure reasons of one version's rows (computed once per sweep). */
export function detailOf(name: string, version: string, rows: readonly DistRow[]): VersionDetail {
  const known = details.get(rows);
  if (known && known.name === name && known.version === version) return known;
  const detail = computeDetail(name, version, rows);
  details.set(rows, detail);
  return detail;
}

function computeDetail(name: string, version: string, rows: readonly DistRow[]): VersionDetail {
  const counts = emptyCounts();
  const regions = new Map<string, StatusCounts>();
  const reasons = new Map<string, number>();
  let updatedAt: string | null = null;
  for (const row of rows) {
    counts[row.status] += 1;
    const regionId = row.regionId ?? UNKNOWN_REGION;
    let regionCounts = regions.get(regionId);
    if (!regionCounts) regions.set(regionId, (regionCounts = emptyCounts()));
    regionCounts[row.status] += 1;
    if (row.status === 'FAILED') reasons.set(row.statusDescrip, (reasons.get(row.statusDescrip) ?? 0) + 1);
    if (updatedAt === null || row.updateTime > updatedAt) updatedAt = row.updateTime;
  }
  return {
    name,
    version,
    total: rows.length,
    counts,
    byRegion: [...regions.entries()]
      .map(([regionId, c]) => ({ regionId, counts: c }))
      .sort((a, b) => a.regionId.localeCompare(b.regionId)),
    failureReasons: [...reasons.entries()]
      .map(([statusDescrip, count]) => ({ statusDescrip, count }))
      .sort((a, b) => b.count - a.count || a.statusDescrip.localeCompare(b.statusDescrip)),
    updatedAt,
  };
}

const statusRank: Record<DistStatus, number> = Object.fromEntries(DIST_STATUSES.map((s, i) => [s, i])) as Record<
  DistStatus,
  number
>;

// Ids, regions and ISO times are ASCII: code-unit order is their natural order, and
// ten times faster than localeCompare over 100,000 rows.
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function compareBy(key: InstanceSortKey): (a: DistRow, b: DistRow) => number {
  if (key === 'status') return (a, b) => statusRank[a.status] - statusRank[b.status];
  return (a, b) => byText(a[key] ?? '', b[key] ?? '');
}

/**
 * Sorted copies of one sweep's rows, per sort key and order. A sweep's array is never
 * mutated, so a filter change on a 100,000-row version costs one linear pass, not a sort.
 */
const sortedViews = new WeakMap<readonly DistRow[], Map<string, readonly DistRow[]>>();

function sortedView(rows: readonly DistRow[], key: InstanceSortKey, order: 'asc' | 'desc'): readonly DistRow[] {
  let views = sortedViews.get(rows);
  if (!views) sortedViews.set(rows, (views = new Map()));
  const viewKey = `${key}:${order}`;
  let view = views.get(viewKey);
  if (!view) {
    const primary = compareBy(key);
    const direction = order === 'desc' ? -1 : 1;
    view = [...rows].sort((a, b) => direction * primary(a, b) || byText(a.instanceId, b.instanceId));
    views.set(viewKey, view);
  }
  return view;
}

/** Rows matching the table's filters, sorted (instance id breaks ties, so paging is stable). */
export function filterAndSort(rows: readonly DistRow[], query: Omit<InstanceQuery, 'page' | 'pageSize' | 'name' | 'version'>): DistRow[] {
  const statuses = new Set(query.status);
  const regions = new Set(query.region);
  const needle = query.q.toLowerCase();
  return sortedView(rows, query.sort, query.order).filter(
    (r) =>
      (statuses.size === 0 || statuses.has(r.status)) &&
      (regions.size === 0 || regions.has(r.regionId ?? UNKNOWN_REGION)) &&
      (needle === '' ||
        r.instanceId.toLowerCase().includes(needle) ||
        r.statusDescrip.toLowerCase().includes(needle) ||
        (r.regionId ?? '').toLowerCase().includes(needle)),
  );
}

/** One page of the instance table. */
export function pageOf<T>(rows: readonly T[], page: number, pageSize: number): T[] {
  return rows.slice((page - 1) * pageSize, page * pageSize);
}

const CSV_COLUMNS = ['instanceId', 'regionId', 'status', 'statusDescrip', 'startTime', 'updateTime'] as const;

function csvCell(value: string): string {
  // A leading =, +, - or @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

export function csvLine(row: DistRow): string {
  return `${CSV_COLUMNS.map((c) => csvCell(row[c] ?? '')).join(',')}\r\n`;
}
