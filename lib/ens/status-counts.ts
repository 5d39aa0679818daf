import 'server-only';
import type { EnsClient } from './client';
import type { EnsDialect } from './dialect';
import type { DistStatus } from './models';
import type { DescribeDataDistResultResult } from './schemas';

/*
 * Status counts without reading rows, for an endpoint whose InstanceCount is the status
 * group's total across pages (calibration decides): a one-row page of a version lists
 * every status of it with its total. Each answer is checked; anything that does not add
 * up returns null and the caller reads the rows instead.
 */

export interface VersionCounts {
  name: string;
  version: string;
  total: number;
  counts: Record<DistStatus, number>;
  /** The one row seen: its latest time, a hint of when the version last moved. */
  sampleTime: string | null;
}

export const cheapCountsUsable = (d: EnsDialect) => d.instanceCountScope === 'total';

const sum = (counts: Record<DistStatus, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

function countsOf(page: DescribeDataDistResultResult): VersionCounts | null {
  const summary = page.summaries[0];
  const row = page.rows[0];
  if (page.summaries.length !== 1 || page.rows.length !== 1 || !summary || !row) return null;
  const total = sum(summary.counts);
  if (total < 1) return null;
  const sampleTime =
    [row.updateTime, row.startTime]
      .filter((t) => t !== '')
      .sort()
      .at(-1) ?? null;
  return { name: summary.name, version: summary.version, total, counts: { ...summary.counts }, sampleTime };
}

/**
 * One version's counts from one one-row page; { total: 0 } when ENS has no row of it;
 * null when the answer cannot be shown right (then read the rows).
 */
export async function countOneVersion(
  client: EnsClient,
  key: { appId: string; name: string; version: string },
  dialect: EnsDialect,
): Promise<VersionCounts | null> {
  if (!cheapCountsUsable(dialect)) return null;
  const page = await client.describeDataDistResult({
    appId: key.appId,
    dataNames: [key.name],
    dataVersions: [key.version],
    pageNumber: 1,
    pageSize: 1,
  });
  if (page.rows.length === 0)
    return {
      name: key.name,
      version: key.version,
      total: 0,
      counts: { SUCCESS: 0, DISTING: 0, FAILED: 0, POD_RESTARTING: 0, DELETED: 0 },
      sampleTime: null,
    };
  const counts = countsOf(page);
  if (!counts || counts.name !== key.name || counts.version !== key.version) return null;
  if (dialect.totalCountUnit === 'rows' && page.totalCount !== undefined && page.totalCount !== counts.total)
    return null;
  return counts;
}

/** Versions walked at most per application, a guard against an answer that never ends. */
const MAX_VERSIONS = 1_000;

/**
 * Every version's counts for an application, one call per version: rows come grouped by
 * version, so after a one-row page of a version of N rows, row (offset + N) is the
 * first of the next version; PageSize=1 makes PageNumber a row number. Null when
 * anything does not add up (a version met twice, a count that does not match
 * TotalCount in rows), so the caller reads every row instead.
 */
export async function countAllVersions(
  client: EnsClient,
  appId: string,
  dialect: EnsDialect,
): Promise<{ versions: VersionCounts[]; calls: number } | null> {
  if (!cheapCountsUsable(dialect)) return null;
  const versions: VersionCounts[] = [];
  const seen = new Set<string>();
  let row = 1;
  let appTotal: number | undefined;
  let calls = 0;
  for (let i = 0; i <= MAX_VERSIONS; i++) {
    const page = await client.describeDataDistResult({ appId, pageNumber: row, pageSize: 1 });
    calls++;
    if (i === 0) appTotal = page.totalCount;
    if (page.rows.length === 0) {
      const counted = versions.reduce((n, v) => n + v.total, 0);
      if (dialect.totalCountUnit === 'rows' && appTotal !== undefined && appTotal !== counted) return null;
      if (dialect.totalCountUnit === 'results' && appTotal !== undefined && appTotal !== versions.length) return null;
      return { versions, calls };
    }
    const counts = countsOf(page);
    if (!counts) return null;
    const id = `${counts.name}\u0000${counts.version}`;
    if (seen.has(id)) return null;
    seen.add(id);
    versions.push(counts);
    row += counts.total;
  }
  return null;
}
