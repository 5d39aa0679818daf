import 'server-only';
import { detailOf, filterAndSort, pageOf, summarizeVersions, type DistRow, type VersionDetail, type VersionSummary } from '@/lib/distribution/transforms';
import type { InstanceQuery } from '@/lib/distribution/instance-query';
import { getEnsClient } from '@/lib/ens/client';
import { fetchAllDistribution } from '@/lib/ens/fetch-all';
import { attachRegions, getInstanceRegions } from '@/lib/ens/inventory';
import type { PushRow } from '@/lib/ens/schemas';
import type { CachedRead } from '@/lib/cache/read-through';
import { getConfig } from '@/lib/config';
import { freshSnapshot, freshSweep, markViewed } from '@/lib/watcher/reads';
import { cachedRead, publishRead } from './reads';
import { freshnessOf, type Freshness } from './freshness';

const APP_SUMMARIES = 'app-summaries';
const VERSION_ROWS = 'version-rows';
const versionKey = (appId: string, name: string, version: string) => JSON.stringify([appId, name, version]);

/** Every instance row of one data file version, with regions attributed from the inventory. */
export async function loadVersionRows(appId: string, name: string, version: string): Promise<DistRow[]> {
  const client = getEnsClient();
  const [all, regions] = await Promise.all([
    fetchAllDistribution(client, { appId, dataNames: [name], dataVersions: [version] }),
    getInstanceRegions(client, appId),
  ]);
  return attachRegions(all.rows, regions);
}

/**
 * One version's rows for the read routes. When the watcher (leader) swept it within two
 * intervals, that sweep is served and ENS is not called; otherwise one coalesced ENS
 * read. Reading marks the version viewed, so the watcher picks it up. ENS_NAIVE_PROXY:
 * straight to ENS every time (the benchmark's baseline).
 */
export async function readVersionRows(appId: string, name: string, version: string): Promise<CachedRead<DistRow[]>> {
  const load = () => cachedRead(VERSION_ROWS, versionKey(appId, name, version), () => loadVersionRows(appId, name, version));
  if (getConfig().ENS_NAIVE_PROXY) return load();
  const key = { appId, name, version };
  const swept = freshSweep(key);
  const read = swept ? { value: swept.rows, fetchedAt: swept.fetchedAt, stale: false } : await load();
  markViewed(key);
  return read;
}

/** The watcher publishes each sweep here, so page requests reuse it instead of calling ENS. */
export function publishVersionRows(appId: string, name: string, version: string, rows: DistRow[], fetchedAt: number): void {
  publishRead(VERSION_ROWS, versionKey(appId, name, version), rows, fetchedAt);
}

// The overview needs every row of every version of the app (ENS has no per-version
// count call): on a large fleet that is hundreds of pages. So the scan is kept for at
// least 15 s and twenty times as long as it took, a slow one is refreshed in the
// background while the last one is shown, it keeps summaries rather than rows, and the versions the watcher
// sweeps anyway are overlaid with their latest sweep, so rollouts in flight stay live.
const SUMMARY_MIN_TTL_MS = 15_000;
/** A scan slower than this is refreshed in the background rather than on a request. */
const SLOW_SCAN_MS = 2_000;
const summaryCostMs = new Map<string, number>();

async function scanSummaries(appId: string): Promise<VersionSummary[]> {
  const started = Date.now();
  const all = await fetchAllDistribution(getEnsClient(), { appId }, { pageSize: 1000 });
  summaryCostMs.set(appId, Date.now() - started);
  return summarizeVersions(all.rows);
}

function withLiveSweep(appId: string, item: VersionSummary): VersionSummary {
  const swept = freshSweep({ appId, name: item.name, version: item.version });
  if (!swept) return item;
  const detail = detailOf(item.name, item.version, swept.rows);
  return { ...item, total: detail.total, counts: detail.counts, updatedAt: detail.updatedAt ?? item.updatedAt };
}

export async function getVersionSummaries(appId: string): Promise<{ items: VersionSummary[] } & Freshness> {
  const cost = summaryCostMs.get(appId) ?? 0;
  const ttlMs = Math.max(SUMMARY_MIN_TTL_MS, getConfig().ENS_CACHE_TTL_MS, 20 * cost);
  const options = { ttlMs, staleWhileRevalidate: cost > SLOW_SCAN_MS };
  const read = await cachedRead(APP_SUMMARIES, appId, () => scanSummaries(appId), SUMMARY_MIN_TTL_MS, options);
  return { items: read.value.map((item) => withLiveSweep(appId, item)), ...freshnessOf(read) };
}

export async function getVersionDetail(appId: string, name: string, version: string): Promise<VersionDetail & Freshness> {
  const fromSnapshot = await snapshotDetail({ appId, name, version });
  if (fromSnapshot) return fromSnapshot;
  const read = await readVersionRows(appId, name, version);
  return { ...detailOf(name, version, read.value), ...freshnessOf(read) };
}

/**
 * A replica that does not lead has no sweep of its own: it serves the leader's fresh
 * snapshot instead of calling ENS. Snapshots keep no failure reasons, so a version with
 * failures is read from ENS (coalesced) to group them.
 */
async function snapshotDetail(key: { appId: string; name: string; version: string }): Promise<(VersionDetail & Freshness) | undefined> {
  if (getConfig().ENS_NAIVE_PROXY || freshSweep(key)) return undefined;
  const snapshot = await freshSnapshot(key).catch(() => undefined);
  if (!snapshot || snapshot.counts.FAILED > 0) return undefined;
  markViewed(key);
  const byRegion = Object.entries(snapshot.byRegion)
    .map(([regionId, counts]) => ({ regionId, counts }))
    .sort((a, b) => a.regionId.localeCompare(b.regionId));
  const t = new Date(snapshot.t).toISOString();
  return { name: key.name, version: key.version, total: snapshot.total, counts: snapshot.counts, byRegion, failureReasons: [], updatedAt: t, fetchedAt: t, stale: false };
}

export interface InstancePage extends Freshness {
  rows: Omit<DistRow, 'name' | 'version'>[];
  total: number;
  page: number;
  pageSize: number;
}

export async function queryInstances(appId: string, query: InstanceQuery): Promise<InstancePage> {
  const read = await readVersionRows(appId, query.name, query.version);
  const matched = filterAndSort(read.value, query);
  const rows = pageOf(matched, query.page, query.pageSize).map(({ name: _n, version: _v, ...row }) => row);
  return { rows, total: matched.length, page: query.page, pageSize: query.pageSize, ...freshnessOf(read) };
}

/** Rows for a CSV export of the current filter (all pages). */
export async function exportInstances(appId: string, query: Omit<InstanceQuery, 'page' | 'pageSize'>): Promise<DistRow[]> {
  const read = await readVersionRows(appId, query.name, query.version);
  return filterAndSort(read.value, query);
}

export async function getPushStatus(appId: string, name: string, version: string): Promise<{ regions: Omit<PushRow, 'name' | 'version'>[] } & Freshness> {
  const read = await cachedRead('push-status', versionKey(appId, name, version), async () => {
    const answer = await getEnsClient().describeDataPushResult({ appId, dataNames: [name], dataVersions: [version] });
    return answer.rows.filter((r) => r.name === name && r.version === version);
  });
  const regions = read.value
    .map(({ name: _n, version: _v, ...row }) => row)
    .sort((a, b) => a.regionId.localeCompare(b.regionId));
  return { regions, ...freshnessOf(read) };
}
