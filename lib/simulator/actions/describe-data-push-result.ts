/**
 * DescribeDataPushResult (docs/ens.md §1.2). One entry is one (file, version, node)
 * push record, ordered by name, version, region id. Mind the SDK's spelling:
 * `StatusStatS`, and `RegionIdCount` is an integer.
 */
import {
  PUSH_STATUS_VALUES,
  pushStateAt,
  type DataFile,
  type PushRecord,
  type NodePushStatus,
  type World,
} from '../model';
import {
  inDateRange,
  isoSeconds,
  optionalParam,
  pageWindow,
  parseCsv,
  parseDateRange,
  parsePaging,
  pagingEcho,
  requireApp,
} from '../params';
import type { ActionParams } from '../types';
import { appFiles } from './shared';
import { matchingFiles } from './query-filters';

export interface PushRegionRow {
  RegionId: string;
  StartTime: string;
  UpdateTime: string;
  StatusDescrip: string;
}

export interface PushStatusStat {
  Status: NodePushStatus;
  RegionIdCount: number;
  RegionIds: { RegionId: PushRegionRow[] };
}

export interface PushResultGroup {
  Name: string;
  Version: string;
  StatusStatS: { StatusStat: PushStatusStat[] };
}

interface Row {
  file: DataFile;
  regionId: string;
  record: PushRecord;
}

function groupRows(rows: readonly Row[], now: number): PushResultGroup[] {
  const groups: PushResultGroup[] = [];
  let index = 0;
  while (index < rows.length) {
    const file = (rows[index] as Row).file;
    const byStatus = new Map<NodePushStatus, PushRegionRow[]>();
    for (; index < rows.length && (rows[index] as Row).file === file; index++) {
      const { regionId, record } = rows[index] as Row;
      const state = pushStateAt(record, now);
      const list = byStatus.get(state.status) ?? [];
      list.push({
        RegionId: regionId,
        StartTime: isoSeconds(record.startMs),
        UpdateTime: isoSeconds(state.updateMs),
        StatusDescrip: state.descrip,
      });
      byStatus.set(state.status, list);
    }
    const stats = PUSH_STATUS_VALUES.filter((s) => byStatus.has(s)).map((status): PushStatusStat => {
      const regions = byStatus.get(status) ?? [];
      return { Status: status, RegionIdCount: regions.length, RegionIds: { RegionId: regions } };
    });
    groups.push({ Name: file.name, Version: file.version, StatusStatS: { StatusStat: stats } });
  }
  return groups;
}

export function describeDataPushResult(world: World, params: ActionParams, now: number) {
  const app = requireApp(world, params);
  const names = parseCsv(optionalParam(params, 'DataNames'));
  const versions = parseCsv(optionalParam(params, 'DataVersions'));
  const regionIds = parseCsv(optionalParam(params, 'RegionIds'));
  const dates = parseDateRange(params);
  const paging = parsePaging(params);
  const regionSet = regionIds ? new Set(regionIds) : null;
  const rows: Row[] = [];
  for (const file of matchingFiles(appFiles(world, app), names, versions)) {
    for (const appRegion of app.regions) {
      const regionId = appRegion.region.id;
      const record = file.push.get(regionId);
      // Dates filter on the day the push to that node started.
      if (!record || (regionSet && !regionSet.has(regionId)) || !inDateRange(record.startMs, dates)) continue;
      rows.push({ file, regionId, record });
    }
  }
  const { start, end } = pageWindow(paging, rows.length);
  return { ...pagingEcho(paging, rows.length), PushResults: { PushResult: groupRows(rows.slice(start, end), now) } };
}
