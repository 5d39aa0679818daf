import { DIST_STATUSES, emptyCounts, statusFigures, totalOf, type StatusCounts, type StatusFigures } from './status';
import type { DistRow } from '@/lib/ens/schemas';
import { INSTANCE_COLUMNS, type InstanceFilter } from './instance-columns';
import { facetsView, filteredView, noteAsked, rowMemo, sortedByStatus, sortedView, tallyView } from './row-views';

export type { DistRow };

export interface VersionSummary extends StatusFigures {
  name: string;
  version: string;
  total: number;
  counts: StatusCounts;
  updatedAt: string | null;
}

export interface VersionDetail extends StatusFigures {
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

/**
 * When a row last moved: its UpdateTime, or its StartTime when ENS reports an UpdateTime
 * before it (the docs' own example does: docs/ens-dialects.md), so a version distributed
 * today never reads as last updated weeks ago. Both are ISO-8601 UTC, so text compares.
 */
export function lastMoved(row: Pick<DistRow, 'startTime' | 'updateTime'>): string {
  return row.startTime > row.updateTime ? row.startTime : row.updateTime;
}

/** Every data file × version in the rows, with counts by status, newest activity first. */
export function summarizeVersions(rows: readonly DistRow[]): VersionSummary[] {
  const byVersion = new Map<string, VersionSummary>();
  for (const row of rows) {
    const key = versionKey(row.name, row.version);
    let item = byVersion.get(key);
    if (!item) {
      item = {
        name: row.name,
        version: row.version,
        total: 0,
        counts: emptyCounts(),
        updatedAt: null,
        ...statusFigures(emptyCounts()),
      };
      byVersion.set(key, item);
    }
    item.total += 1;
    item.counts[row.status] += 1;
    const moved = lastMoved(row);
    if (item.updatedAt === null || moved > item.updatedAt) item.updatedAt = moved;
  }
  for (const item of byVersion.values()) Object.assign(item, statusFigures(item.counts));
  return [...byVersion.values()].sort(byRecentActivity);
}

/** The overview's order: newest activity first, then by name and version. */
export const byRecentActivity = (a: VersionSummary, b: VersionSummary) =>
  (b.updatedAt ?? '').localeCompare(a.updatedAt ?? '') ||
  a.name.localeCompare(b.name) ||
  a.version.localeCompare(b.version);

/** Counts, counts by region and failure reasons of one version's rows (computed once per read). */
export function detailOf(name: string, version: string, rows: readonly DistRow[]): VersionDetail {
  const known = rowMemo.details.get(rows);
  if (known && known.name === name && known.version === version) return known;
  const tally = new DetailTally();
  for (const row of rows) tally.add(row);
  const detail = tally.detail(name, version);
  rowMemo.details.set(rows, detail);
  return detail;
}

/** A version's detail built row by row, so a read can tally its pages as they arrive. */
export class DetailTally {
  private readonly counts = emptyCounts();
  private readonly regions = new Map<string, StatusCounts>();
  private readonly reasons = new Map<string, number>();
  private updatedAt: string | null = null;
  private total = 0;

  add(row: DistRow): void {
    this.total += 1;
    this.counts[row.status] += 1;
    const regionId = row.regionId ?? UNKNOWN_REGION;
    let regionCounts = this.regions.get(regionId);
    if (!regionCounts) this.regions.set(regionId, (regionCounts = emptyCounts()));
    regionCounts[row.status] += 1;
    if (row.status === 'FAILED') this.reasons.set(row.statusDescrip, (this.reasons.get(row.statusDescrip) ?? 0) + 1);
    const moved = lastMoved(row);
    if (this.updatedAt === null || moved > this.updatedAt) this.updatedAt = moved;
  }

  detail(name: string, version: string): VersionDetail {
    return {
      name,
      version,
      total: this.total,
      counts: { ...this.counts },
      ...statusFigures(this.counts),
      byRegion: [...this.regions.entries()]
        .map(([regionId, c]) => ({ regionId, counts: { ...c } }))
        .sort((a, b) => a.regionId.localeCompare(b.regionId)),
      failureReasons: [...this.reasons.entries()]
        .map(([statusDescrip, count]) => ({ statusDescrip, count }))
        .sort((a, b) => b.count - a.count || a.statusDescrip.localeCompare(b.statusDescrip)),
      updatedAt: this.updatedAt,
    };
  }
}

/** A table filter's parts, and the key its view is memoized and noted under. */
function filterParts(query: InstanceFilter) {
  const needle = query.q.toLowerCase();
  const statuses = new Set(query.status);
  const regions = new Set(query.region);
  const key = JSON.stringify([query.sort, query.order, [...statuses].sort(), [...regions].sort(), needle]);
  return { needle, statuses, regions, key };
}

/**
 * Rows matching the table's filters, sorted (instance id breaks ties, so paging is
 * stable). Computed once per read and filter: the next page, the next poll and every
 * other viewer of the same filter get the same array.
 */
export function filterAndSort(rows: readonly DistRow[], query: InstanceFilter): readonly DistRow[] {
  const sorted = sortedView(rows, query.sort, query.order);
  const { needle, statuses, regions, key } = filterParts(query);
  noteAsked(rows, key, query);
  if (statuses.size === 0 && regions.size === 0 && needle === '') return sorted;
  return filteredView(rows, key, () =>
    sorted.filter((r) => matchesStatus(r, statuses) && matchesRegion(r, regions) && matchesText(r, needle)),
  );
}

export interface TablePage {
  /** How many rows match the filter. */
  total: number;
  rows: readonly DistRow[];
}

/**
 * One page of the table under a filter, and how many rows match: what a request for the
 * table asks. A filter by status alone (the toggles) merges the positions of its
 * statuses' rows in the sorted view up to the page, so a new status filter costs no pass
 * over every row; any other filter pages its filterAndSort view.
 */
export function instancePage(
  rows: readonly DistRow[],
  query: InstanceFilter & { page: number; pageSize: number },
): TablePage {
  const { needle, statuses, regions, key } = filterParts(query);
  if (statuses.size === 0 || regions.size > 0 || needle !== '') {
    const matched = filterAndSort(rows, query);
    return { total: matched.length, rows: pageOf(matched, query.page, query.pageSize) };
  }
  noteAsked(rows, key, query);
  const sorted = sortedByStatus(rows, query.sort, query.order);
  const lists = DIST_STATUSES.filter((s) => statuses.has(s)).map((s) => sorted.byStatus[s]);
  const total = lists.reduce((sum, list) => sum + list.length, 0);
  const from = (query.page - 1) * query.pageSize;
  return { total, rows: [...mergedPositions(lists, from, query.pageSize)].map((i) => sorted.rows[i]!) };
}

/** Positions [from, from + count) of the ascending merge of ascending lists. */
function* mergedPositions(lists: readonly Int32Array[], from: number, count: number): Generator<number> {
  const heads = lists.map(() => 0);
  for (let taken = 0; taken < from + count; taken++) {
    let best = -1;
    for (let l = 0; l < lists.length; l++) {
      const head = heads[l]!;
      if (head < lists[l]!.length && (best < 0 || lists[l]![head]! < lists[best]![heads[best]!]!)) best = l;
    }
    if (best < 0) return;
    const position = lists[best]![heads[best]!++]!;
    if (taken >= from) yield position;
  }
}

/** Makes ahead what instancePage will need for this filter (lib/server/prepared-views.ts). */
export function prepareTable(rows: readonly DistRow[], query: InstanceFilter): void {
  instancePage(rows, { ...query, page: 1, pageSize: 1 });
}

const matchesStatus = (r: DistRow, statuses: ReadonlySet<string>) => statuses.size === 0 || statuses.has(r.status);
const matchesRegion = (r: DistRow, regions: ReadonlySet<string>) =>
  regions.size === 0 || regions.has(r.regionId ?? UNKNOWN_REGION);
const matchesText = (r: DistRow, needle: string) =>
  needle === '' ||
  r.instanceId.toLowerCase().includes(needle) ||
  r.statusDescrip.toLowerCase().includes(needle) ||
  (r.regionId ?? '').toLowerCase().includes(needle);

/** The counts shown beside each filter, each under every other active filter (never its own). */
export interface Facets {
  /** By status, under the region and text filters. */
  status: StatusCounts;
  /** Failure reasons under the region filter (a reason is itself a text and status filter). */
  reasons: { statusDescrip: string; count: number }[];
  /** By region, under the status and text filters. */
  regions: { regionId: string; count: number }[];
}

/**
 * One read's rows counted once under a text filter, from which every status and region
 * filter's facets follow without another pass over the rows.
 */
export interface FacetTally {
  /** Rows matching the text, by region and status. */
  byRegion: Map<string, StatusCounts>;
  /** FAILED rows by region and reason (the text filter does not narrow the reasons). */
  reasonsByRegion: Map<string, Map<string, number>>;
}

/** The counts beside the filters under a table's filters: one lookup per poll, one pass per read and search text. */
export function facetsOf(rows: readonly DistRow[], query: Pick<InstanceFilter, 'status' | 'region' | 'q'>): Facets {
  const statuses = new Set<string>(query.status);
  const regionSet = new Set(query.region);
  const needle = query.q.toLowerCase();
  const key = JSON.stringify([[...statuses].sort(), [...regionSet].sort(), needle]);
  return facetsView(rows, key, () =>
    facetsFromTally(
      tallyView(rows, needle, () => tallyRows(rows, needle)),
      statuses,
      regionSet,
    ),
  );
}

function tallyRows(rows: readonly DistRow[], needle: string): FacetTally {
  const byRegion = new Map<string, StatusCounts>();
  const reasonsByRegion = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const regionId = r.regionId ?? UNKNOWN_REGION;
    if (matchesText(r, needle)) {
      let counts = byRegion.get(regionId);
      if (!counts) byRegion.set(regionId, (counts = emptyCounts()));
      counts[r.status] += 1;
    }
    if (r.status === 'FAILED') {
      let reasons = reasonsByRegion.get(regionId);
      if (!reasons) reasonsByRegion.set(regionId, (reasons = new Map()));
      reasons.set(r.statusDescrip, (reasons.get(r.statusDescrip) ?? 0) + 1);
    }
  }
  return { byRegion, reasonsByRegion };
}

function facetsFromTally(tally: FacetTally, statuses: ReadonlySet<string>, regionSet: ReadonlySet<string>): Facets {
  const inRegion = (regionId: string) => regionSet.size === 0 || regionSet.has(regionId);
  const status = emptyCounts();
  const regions: Facets['regions'] = [];
  for (const [regionId, counts] of tally.byRegion) {
    if (inRegion(regionId)) for (const s of DIST_STATUSES) status[s] += counts[s];
    const count =
      statuses.size === 0 ? totalOf(counts) : DIST_STATUSES.reduce((n, s) => n + (statuses.has(s) ? counts[s] : 0), 0);
    if (count > 0) regions.push({ regionId, count });
  }
  const reasons = new Map<string, number>();
  for (const [regionId, byReason] of tally.reasonsByRegion) {
    if (!inRegion(regionId)) continue;
    for (const [reason, count] of byReason) reasons.set(reason, (reasons.get(reason) ?? 0) + count);
  }
  return {
    status,
    reasons: [...reasons.entries()]
      .map(([statusDescrip, count]) => ({ statusDescrip, count }))
      .sort((a, b) => b.count - a.count || a.statusDescrip.localeCompare(b.statusDescrip)),
    regions: regions.sort((a, b) => a.regionId.localeCompare(b.regionId)),
  };
}

/** One page of the instance table. */
export function pageOf<T>(rows: readonly T[], page: number, pageSize: number): T[] {
  return rows.slice((page - 1) * pageSize, page * pageSize);
}

const CSV_COLUMNS = INSTANCE_COLUMNS.map((c) => c.key);

function csvCell(value: string): string {
  // A leading =, +, - or @ would run as a formula in a spreadsheet; so would one after
  // a leading TAB or CR, which spreadsheets skip (OWASP's CSV injection list).
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

export function csvLine(row: DistRow): string {
  return `${CSV_COLUMNS.map((c) => csvCell(row[c] ?? '')).join(',')}\r\n`;
}
