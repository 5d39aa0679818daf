/**
 * DescribeDataDistResult (docs/ens.md §1.4). One entry is one instance row
 * (file, version, instance); rows are ordered by name, version, ENS region id,
 * instance id, so a page is cut from per-node counts without touching the rows
 * before it, and only the page's rows have their status computed.
 */
import type { App, FleetRegion } from '../fleet';
import {
  DIST_STATUS_VALUES,
  instanceStateAt,
  type DataFile,
  type DistEvent,
  type InstanceDistStatus,
  type World,
} from '../model';
import { DEFAULT_DIALECT, type SimDialect } from '../dialect';
import { invalidParameter } from '../errors';
import {
  inDateRange,
  isoSeconds,
  optionalParam,
  pageWindow,
  parseCsv,
  parseDateRange,
  parsePaging,
  requireApp,
  type DateRange,
  type Paging,
} from '../params';
import { mix32 } from '../rng';
import type { ActionParams } from '../types';
import { appFiles } from './shared';
import { matchingFiles, parseEnsRegionIds } from './query-filters';

export interface DistInstanceRow {
  InstanceId: string;
  StartTime: string;
  UpdateTime: string;
  StatusDescrip: string;
}

export interface DistStatusStat {
  Status: InstanceDistStatus;
  /** ENS sends this count as a string. */
  InstanceCount: string;
  Instances: { Instance: DistInstanceRow[] };
}

export interface DistResultGroup {
  Name: string;
  Version: string;
  StatusStats: { StatusStat: DistStatusStat[] };
}

/** A run of rows: one file in one node, all instances or those InstanceIds picked. */
interface Segment {
  file: DataFile;
  appRegion: FleetRegion;
  event: DistEvent;
  /** Positions in appRegion.instanceIds, ascending; null means all of them. */
  positions: readonly number[] | null;
  count: number;
}

interface Row {
  file: DataFile;
  appRegion: FleetRegion;
  event: DistEvent;
  position: number;
}

const instanceIndexes = new WeakMap<App, Map<string, { appRegion: FleetRegion; position: number }>>();

/** Built on first use per fleet: only InstanceIds queries need it. */
function instanceIndex(app: App) {
  let index = instanceIndexes.get(app);
  if (!index) {
    index = new Map();
    for (const appRegion of app.regions) {
      appRegion.instanceIds.forEach((id, position) => index?.set(id, { appRegion, position }));
    }
    instanceIndexes.set(app, index);
  }
  return index;
}

/** Positions of the requested instances, grouped by node; null when InstanceIds is absent. */
function positionsByRegion(app: App, instanceIds: readonly string[] | undefined): Map<string, number[]> | null {
  if (!instanceIds) return null;
  const index = instanceIndex(app);
  const byRegion = new Map<string, number[]>();
  for (const id of new Set(instanceIds)) {
    const hit = index.get(id);
    if (!hit) continue;
    const list = byRegion.get(hit.appRegion.region.id) ?? [];
    list.push(hit.position);
    byRegion.set(hit.appRegion.region.id, list);
  }
  for (const list of byRegion.values()) list.sort((a, b) => a - b);
  return byRegion;
}

interface DistFilter {
  names?: string[];
  versions?: string[];
  regionIds?: string[];
  instanceIds?: string[];
  dates: DateRange;
}

function parseFilter(params: ActionParams): DistFilter {
  return {
    names: parseCsv(optionalParam(params, 'DataNames')),
    versions: parseCsv(optionalParam(params, 'DataVersions')),
    regionIds: parseEnsRegionIds(params),
    instanceIds: parseCsv(optionalParam(params, 'InstanceIds')),
    dates: parseDateRange(params),
  };
}

function segmentsFor(world: World, app: App, filter: DistFilter): Segment[] {
  const regionSet = filter.regionIds ? new Set(filter.regionIds) : null;
  const wanted = positionsByRegion(app, filter.instanceIds);
  const regions = app.regions.filter(
    (r) => (!regionSet || regionSet.has(r.region.id)) && (!wanted || wanted.has(r.region.id)),
  );
  const segments: Segment[] = [];
  for (const file of matchingFiles(appFiles(world, app), filter.names, filter.versions)) {
    for (const appRegion of regions) {
      const event = file.dist.get(appRegion.region.id);
      // Dates filter on the day the node's distribution (or clean) started.
      if (!event || !inDateRange(event.startMs, filter.dates)) continue;
      const positions = wanted ? (wanted.get(appRegion.region.id) ?? []) : null;
      segments.push({
        file,
        appRegion,
        event,
        positions,
        count: positions ? positions.length : appRegion.instanceIds.length,
      });
    }
  }
  return segments;
}

function cutRows(segments: readonly Segment[], start: number, end: number): Row[] {
  const rows: Row[] = [];
  let offset = 0;
  for (const segment of segments) {
    if (offset >= end) break;
    const from = Math.max(start - offset, 0);
    const to = Math.min(end - offset, segment.count);
    for (let k = from; k < to; k++) {
      const position = segment.positions ? (segment.positions[k] as number) : k;
      rows.push({ file: segment.file, appRegion: segment.appRegion, event: segment.event, position });
    }
    offset += segment.count;
  }
  return rows;
}

function instanceRow(row: Row, now: number, timeSkew: boolean): { status: InstanceDistStatus; row: DistInstanceRow } {
  const key = row.appRegion.firstKey + row.position;
  const state = instanceStateAt(row.event, key, now);
  return {
    status: state.status,
    row: {
      InstanceId: row.appRegion.instanceIds[row.position] as string,
      StartTime: isoSeconds(state.startMs),
      UpdateTime: isoSeconds(timeSkew ? skewedUpdate(state, key) : state.updateMs),
      StatusDescrip: state.descrip,
    },
  };
}

const DAY_MS = 86_400_000;

/** --time-skew: one finished row in eight reports an UpdateTime 1–40 days before its StartTime, as the docs' example does. */
function skewedUpdate(state: { status: InstanceDistStatus; startMs: number; updateMs: number }, key: number): number {
  if (state.status === 'DISTING') return state.updateMs;
  const h = mix32(Math.imul(key + 7, 0x85ebca6b));
  if (h % 8 !== 0) return state.updateMs;
  return state.startMs - (1 + (h % 40)) * DAY_MS;
}

/** Per-status totals of one file version over every matching row (the `total` InstanceCount reading). */
function statusTotals(segments: readonly Segment[], file: DataFile, now: number): Map<InstanceDistStatus, number> {
  const totals = new Map<InstanceDistStatus, number>();
  for (const segment of segments) {
    if (segment.file !== file) continue;
    for (let k = 0; k < segment.count; k++) {
      const position = segment.positions ? (segment.positions[k] as number) : k;
      const status = instanceStateAt(segment.event, segment.appRegion.firstKey + position, now).status;
      totals.set(status, (totals.get(status) ?? 0) + 1);
    }
  }
  return totals;
}

/**
 * Groups a page's rows by file, then by status in DIST_STATUS_VALUES order; empty
 * groups are left out. InstanceCount counts the page's rows in the group, or
 * (instanceCountScope `total`) the group's rows across all pages, and then every
 * status the file version has is listed, with the page's rows of it (maybe none).
 */
function groupRows(
  rows: readonly Row[],
  now: number,
  dialect: SimDialect,
  segments: readonly Segment[],
): DistResultGroup[] {
  const groups: DistResultGroup[] = [];
  let index = 0;
  while (index < rows.length) {
    const file = (rows[index] as Row).file;
    const byStatus = new Map<InstanceDistStatus, DistInstanceRow[]>();
    for (; index < rows.length && (rows[index] as Row).file === file; index++) {
      const { status, row } = instanceRow(rows[index] as Row, now, dialect.timeSkew);
      const list = byStatus.get(status) ?? [];
      list.push(row);
      byStatus.set(status, list);
    }
    const totals = dialect.instanceCountScope === 'total' ? statusTotals(segments, file, now) : null;
    const stats = DIST_STATUS_VALUES.filter((s) => byStatus.has(s) || (totals?.get(s) ?? 0) > 0).map(
      (status): DistStatusStat => {
        const instances = byStatus.get(status) ?? [];
        const count = totals ? (totals.get(status) ?? 0) : instances.length;
        return { Status: status, InstanceCount: String(count), Instances: { Instance: instances } };
      },
    );
    groups.push({ Name: file.name, Version: file.version, StatusStats: { StatusStat: stats } });
  }
  return groups;
}

/**
 * Paging under the dialect's page-size cap: above it, `reject` answers
 * InvalidParameter.PageSize, `silent` serves the cap's worth but echoes the size asked
 * for, `echo` serves and echoes the cap. An unpaged query is cut at the cap too.
 */
function cappedPaging(
  paging: Paging | null,
  dialect: SimDialect,
): { window: Paging | null; echoSize: (t: number) => number } {
  const cap = dialect.pageSizeCap;
  if (cap === null) return { window: paging, echoSize: (t) => paging?.pageSize ?? t };
  if (!paging)
    return {
      window: { pageNumber: 1, pageSize: cap },
      echoSize: (t) => (dialect.pageSizeCapMode === 'silent' ? t : cap),
    };
  if (paging.pageSize <= cap) return { window: paging, echoSize: () => paging.pageSize };
  if (dialect.pageSizeCapMode === 'reject') {
    throw invalidParameter('PageSize', `Expected an integer from 1 to ${cap}, got "${paging.pageSize}".`);
  }
  const window = { pageNumber: paging.pageNumber, pageSize: cap };
  return { window, echoSize: () => (dialect.pageSizeCapMode === 'silent' ? paging.pageSize : cap) };
}

export function describeDataDistResult(world: World, params: ActionParams, now: number) {
  const app = requireApp(world, params);
  const filter = parseFilter(params);
  const paging = parsePaging(params);
  const dialect = world.dialect ?? DEFAULT_DIALECT;
  const segments = segmentsFor(world, app, filter);
  const total = segments.reduce((n, s) => n + s.count, 0);
  const { window, echoSize } = cappedPaging(paging, dialect);
  const { start, end } = pageWindow(window, total);
  // TotalCount in `results`: the DistResult groups (file versions) that match, across all pages.
  const totalCount = dialect.totalCountUnit === 'results' ? new Set(segments.map((s) => s.file)).size : total;
  return {
    PageNumber: window?.pageNumber ?? 1,
    PageSize: echoSize(totalCount),
    TotalCount: totalCount,
    DistResults: { DistResult: groupRows(cutRows(segments, start, end), now, dialect, segments) },
  };
}
