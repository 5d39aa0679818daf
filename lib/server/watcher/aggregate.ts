import { detailOf, type DistRow } from '@/lib/domain/version-detail';
import type { CountsByRegion } from '@/lib/db';
import { DIST_STATUSES, type StatusCounts } from '@/lib/domain/status';

/** One sweep's aggregate of one version: what snapshots store and the detail view shows. */
export interface VersionAggregate {
  total: number;
  counts: StatusCounts;
  byRegion: CountsByRegion;
  failureReasons: { statusDescrip: string; count: number }[];
}

/** Counts, counts by region × status and failure reasons of one version's rows. */
export function aggregateRows(name: string, version: string, rows: readonly DistRow[]): VersionAggregate {
  const detail = detailOf(name, version, rows);
  const byRegion: CountsByRegion = {};
  for (const region of detail.byRegion) byRegion[region.regionId] = { ...region.counts };
  return { total: detail.total, counts: { ...detail.counts }, byRegion, failureReasons: detail.failureReasons };
}

/** Whether two aggregates would draw the same chart points (failure reasons are not charted). */
export function sameCounts(
  a: Pick<VersionAggregate, 'counts' | 'byRegion'>,
  b: Pick<VersionAggregate, 'counts' | 'byRegion'>,
): boolean {
  if (!sameStatusCounts(a.counts, b.counts)) return false;
  const regions = new Set([...Object.keys(a.byRegion), ...Object.keys(b.byRegion)]);
  for (const region of regions) {
    const left = a.byRegion[region];
    const right = b.byRegion[region];
    if (!left || !right || !sameStatusCounts(left, right)) return false;
  }
  return true;
}

function sameStatusCounts(a: StatusCounts, b: StatusCounts): boolean {
  return DIST_STATUSES.every((s) => a[s] === b[s]);
}
