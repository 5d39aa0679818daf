import 'server-only';
import { statusFigures } from '@/lib/domain/status';
import {
  detailOf,
  facetsOf,
  filterAndSort,
  instancePage,
  type DistRow,
  type VersionDetail,
  type VersionSummary,
} from '@/lib/domain/version-detail';
import type { InstanceQuery } from '@/lib/contracts/instance-params';
import { getEnsClient } from '@/lib/ens/client';
import { completenessFields, completenessOf, markCompleteness } from '@/lib/ens/completeness';
import { forEachDistributionPage } from '@/lib/ens/fetch-all';
import { ensClockOffsetMs, ensNow } from '@/lib/ens/clock';
import { listAppRegions } from '@/lib/ens/inventory';
import { coverageOf, type Coverage } from '@/lib/domain/coverage';
import { stragglerProfile, stragglersAt, type StragglerProfile, type Stragglers } from '@/lib/domain/stragglers';
import { countAllVersions, countOneVersion } from '@/lib/ens/status-counts';
import { getDialect, noteCapFound } from '@/lib/server/calibration';
import { summariesFromCounts } from '@/lib/server/reads/summaries';
import { cheapVersionCounts } from '@/lib/server/reads/version-kpis';
import { readVersionRowsFrom } from '@/lib/server/reads/version-rows';
import { AppScan } from '@/lib/server/reads/app-scan';
import type { PushRow } from '@/lib/ens/schemas';
import type { CachedRead } from '@/lib/server/cache/read-through';
import { getConfig } from '@/lib/config';
import { createPacer } from '@/lib/server/watcher/pacer';
import { noteAsked } from '@/lib/domain/row-views';
import { freshSnapshot, freshSweep, lastSweep, markViewed } from '@/lib/server/watcher/reads';
import { cachedRead, peekRead, publishRead, STALE_AFTER_MS } from './cache/reads';
import { freshnessOf, type Freshness } from './freshness';
import { heldTrend, recordScan, scanExtras, trendKey, TREND_POINTS } from './scan-extras';

const APP_SUMMARIES = 'app-summaries';
const VERSION_ROWS = 'version-rows';
const PUSH_STATUS = 'push-status';
const versionKey = (appId: string, name: string, version: string) => JSON.stringify([appId, name, version]);
/**
 * A read slower than this (a large fleet) is refreshed in the background rather than on
 * a request: a request that waited for it would be answered with the last read marked
 * stale after this long anyway (cache/reads.ts), as if ENS were failing.
 */
const SLOW_READ_MS = STALE_AFTER_MS;

/**
 * Every instance row of one data file version, sharing what did not change with the
 * last read. A background read (the watcher's, or the refresh of a slow version) is
 * paced: before each page it waits while the event loop has been more than half busy,
 * so the requests people wait on are not queued behind a 100,000-row read. A read of a
 * version already under way, by whoever, is joined rather than repeated.
 */
export function loadVersionRows(
  appId: string,
  name: string,
  version: string,
  { background = false } = {},
): Promise<readonly DistRow[]> {
  const id = versionKey(appId, name, version);
  const running = versionReads.get(id);
  if (running) return running.rows;
  const previous = lastVersionRows(appId, name, version);
  const started = Date.now();
  const read = getDialect().then((dialect) =>
    readVersionRowsFrom(getEnsClient(), { appId, name, version }, previous, {
      pageSize: getConfig().ENS_PAGE_SIZE,
      beforePage: background ? backgroundPace : undefined,
      dialect,
      onCapFound: noteCapFound,
    }),
  );
  versionReads.set(id, { rows: read, background });
  // Timed here, where it started: a request that joined it late would time the rest.
  void read
    .then(
      () => noteCost(id, Date.now() - started),
      () => undefined,
    )
    .finally(() => versionReads.delete(id));
  return read;
}

// On globalThis: the watcher and the routes are separate module instances.
interface VersionRead {
  rows: Promise<readonly DistRow[]>;
  /** The watcher's sweep, or the refresh of a slow version: nobody waits for it. */
  background: boolean;
}
const reads = globalThis as typeof globalThis & { __ensVersionReadsUnderWay?: Map<string, VersionRead> };
const versionReads = (reads.__ensVersionReadsUnderWay ??= new Map());
const backgroundPace = createPacer();

/**
 * One version's rows for the read routes. While the watcher's (leader's) last sweep of
 * it is not overdue, that sweep is served and ENS is not called; otherwise one
 * coalesced ENS read. A version whose read is slow (a large fleet) is then served from
 * its last read while the next one runs in the background: nobody waits seconds for
 * it twice. Reading marks the version viewed, so the watcher picks it up.
 * ENS_NAIVE_PROXY: straight to ENS every time (the benchmark's baseline).
 */
export async function readVersionRows(
  appId: string,
  name: string,
  version: string,
): Promise<CachedRead<readonly DistRow[]>> {
  const id = versionKey(appId, name, version);
  const load = () => {
    // Nobody waits for a read that is slow (its last one was) or that runs in the
    // background anyway (the watcher's first sweep of a version just opened, or one
    // running late): the last read is answered meanwhile. A read a request started is
    // joined, so the page's concurrent requests show one read.
    const slow = (readCostMs.get(id) ?? 0) > SLOW_READ_MS || versionReads.get(id)?.background === true;
    // A slow version with a last read is refreshed behind the requests, not on them.
    const background = slow && peekRead(VERSION_ROWS, id) !== undefined;
    return cachedRead(VERSION_ROWS, id, () => loadVersionRows(appId, name, version, { background }), undefined, {
      staleWhileRevalidate: slow,
    });
  };
  if (getConfig().ENS_NAIVE_PROXY) return load();
  const key = { appId, name, version };
  const swept = freshSweep(key);
  const read = swept ? { value: swept.rows, fetchedAt: swept.fetchedAt, stale: false } : await load();
  // Only a version ENS knows is watched: reads of made-up versions must not add sweeps.
  if (read.value.length > 0) markViewed(key);
  return read;
}

// How long the last read of each version and each app's scan took. On globalThis, like
// the read caches: the pages and the API routes are separate module instances, and a
// read one of them paid for must count for the other.
const costs = globalThis as typeof globalThis & { __ensReadCostMs?: Map<string, number> };
const readCostMs = (costs.__ensReadCostMs ??= new Map<string, number>());

function noteCost(id: string, ms: number): void {
  readCostMs.delete(id);
  readCostMs.set(id, ms);
  if (readCostMs.size > 1_000) readCostMs.delete(readCostMs.keys().next().value ?? id);
}

async function timed<T>(id: string, read: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const value = await read();
  noteCost(id, Date.now() - started);
  return value;
}

/** The watcher publishes each sweep here, so page requests reuse it instead of calling ENS. */
export function publishVersionRows(
  appId: string,
  name: string,
  version: string,
  rows: readonly DistRow[],
  fetchedAt: number,
): void {
  publishRead(VERSION_ROWS, versionKey(appId, name, version), rows, fetchedAt);
}

// The overview needs every row of every version of the app (ENS has no per-version
// count call): on a large fleet that is hundreds of pages. So the scan is kept for at
// least 15 s and twenty times as long as it took, a slow one is refreshed in the
// background while the last one is shown, it keeps summaries rather than rows (and
// never holds them all: AppScan), and the versions the watcher
// sweeps anyway are overlaid with their latest sweep, so rollouts in flight stay live.
const SUMMARY_MIN_TTL_MS = 15_000;
const scanId = (appId: string) => `scan:${appId}`;

async function scanSummaries(appId: string): Promise<VersionSummary[]> {
  // A refresh with the last scan still shown is paced like the watcher's reads: the
  // polls people wait on keep the event loop. Its time is then mostly waiting, so the
  // TTL and the slow-read choice keep the cost the last unpaced scan measured.
  const paced = peekRead(APP_SUMMARIES, appId) !== undefined;
  const scan = async () => {
    const dialect = await getDialect();
    // InstanceCount as a total: one one-row call per version instead of every row.
    const counted = await countAllVersions(getEnsClient(), appId, dialect);
    if (counted) return markCompleteness(summariesFromCounts(counted.versions), { complete: true });
    // Every row of the application, taken a page at a time and not kept: with the
    // summaries, what needs attention and each version's trend.
    const scan = new AppScan();
    const read = await forEachDistributionPage(getEnsClient(), { appId }, (index, rows) => scan.addPage(index, rows), {
      pageSize: getConfig().ENS_PAGE_SIZE,
      dialect,
      beforePage: paced ? backgroundPace : undefined,
    });
    const now = Date.now();
    const { summaries, ...found } = await scan.finish(now, TREND_POINTS);
    recordScan(appId, found, now);
    if (read.capFound) noteCapFound(read.capFound);
    return markCompleteness(summaries, read);
  };
  return paced ? scan() : timed(scanId(appId), scan);
}

function withLiveSweep(appId: string, item: VersionSummary): VersionSummary {
  const swept = freshSweep({ appId, name: item.name, version: item.version });
  if (!swept) return item;
  const detail = detailOf(item.name, item.version, swept.rows);
  const { total, counts, inFlight, successRate, state } = detail;
  return { ...item, total, counts, inFlight, successRate, state, updatedAt: detail.updatedAt ?? item.updatedAt };
}

export async function getVersionSummaries(
  appId: string,
): Promise<{ items: (VersionSummary & { trend?: number[] })[] } & Freshness & Complete> {
  const cost = readCostMs.get(scanId(appId)) ?? 0;
  const ttlMs = Math.max(SUMMARY_MIN_TTL_MS, getConfig().ENS_CACHE_TTL_MS, 20 * cost);
  // Polled by every open overview: refreshed in the last quarter of its life, so a
  // poll never lands on an expired scan and waits for the next one.
  const options = { ttlMs, staleWhileRevalidate: cost > SLOW_READ_MS, refreshAheadMs: ttlMs / 4 };
  const read = await cachedRead(APP_SUMMARIES, appId, () => scanSummaries(appId), SUMMARY_MIN_TTL_MS, options);
  const items = read.value.map((item) => {
    const trend = trendOf(appId, item.name, item.version);
    return trend ? { ...withLiveSweep(appId, item), trend } : withLiveSweep(appId, item);
  });
  return { items, ...freshnessOf(read), ...completenessFields(completenessOf(read.value)) };
}

/**
 * The last version summaries held of an application, without calling ENS (undefined
 * when none): /apps ranks applications by them and never waits for a scan to do so.
 */
export function heldVersionSummaries(appId: string): readonly VersionSummary[] | undefined {
  return peekRead<VersionSummary[]>(APP_SUMMARIES, appId)?.value.map((item) => withLiveSweep(appId, item));
}

/**
 * A version's rebuilt success curve for the Trend column: from the overview's own scan
 * when it read every row, else from the version's rows this process holds; undefined
 * for a version not read yet (never an ENS read of its own).
 */
function trendOf(appId: string, name: string, version: string): number[] | undefined {
  const scanned = scanExtras(appId)?.trends.get(trendKey(name, version));
  if (scanned) return scanned;
  const held = heldVersionRows(appId, name, version);
  return held ? heldTrend(held.rows, held.fetchedAt) : undefined;
}

/** The last rows this process read of the version (the watcher's sweep or a cached read), however old. */
function lastVersionRows(appId: string, name: string, version: string): readonly DistRow[] | undefined {
  return heldVersionRows(appId, name, version)?.rows;
}

/** The last rows held of the version and when they were read, without calling ENS. */
export function heldVersionRows(
  appId: string,
  name: string,
  version: string,
): { rows: readonly DistRow[]; fetchedAt: number } | undefined {
  const swept = lastSweep({ appId, name, version });
  const cached = peekRead<readonly DistRow[]>(VERSION_ROWS, versionKey(appId, name, version));
  if (swept && (!cached || swept.fetchedAt >= cached.fetchedAt))
    return { rows: swept.rows, fetchedAt: swept.fetchedAt };
  return cached ? { rows: cached.value, fetchedAt: cached.fetchedAt } : undefined;
}

/** The last pre-push answer held of the version, without calling ENS. */
export function heldPushRows(appId: string, name: string, version: string): readonly PushRow[] | undefined {
  return peekRead<PushRow[]>(PUSH_STATUS, versionKey(appId, name, version))?.value;
}

/** Whether this process holds a read of the version, however old. */
export function hasVersionRows(appId: string, name: string, version: string): boolean {
  return lastVersionRows(appId, name, version) !== undefined;
}

/**
 * How many instance rows ENS holds for a version, from one single-row page (its
 * TotalCount): cheap whatever the fleet's size, for deciding before the full read
 * whether the version exists.
 */
export async function countVersionRows(appId: string, name: string, version: string): Promise<number> {
  // Through the read cache: coalesced, and bounded in time while ENS is failing.
  const read = await cachedRead('version-count', versionKey(appId, name, version), async () => {
    const dialect = await getDialect();
    const counted = await countOneVersion(getEnsClient(), { appId, name, version }, dialect);
    if (counted) return counted.total;
    const page = await getEnsClient().describeDataDistResult({
      appId,
      dataNames: [name],
      dataVersions: [version],
      pageNumber: 1,
      pageSize: 1,
    });
    if (page.rows.length === 0) return 0;
    // TotalCount is a row count only where calibration showed it; otherwise all that is known is "some".
    return dialect.totalCountUnit === 'rows' ? (page.totalCount ?? page.rows.length) : page.rows.length;
  });
  return read.value;
}

type Complete = { complete: boolean; incompleteReason?: string };

/** What the version page needs beyond the rows' own counts: who is left out, who is stuck, and ENS's clock. */
interface Truth {
  coverage: Coverage | null;
  stragglers: Stragglers | null;
  ensNow: string;
  ensOffsetMs: number;
}

/**
 * The instances the rows leave out (blocked or waiting behind their region's pre-push),
 * from the pre-push answer and the application's inventory; null when either cannot be
 * read, so a failing side read never costs the page its rows.
 */
async function coverageFor(
  appId: string,
  name: string,
  version: string,
  rows: Parameters<typeof coverageOf>[0],
): Promise<Coverage | null> {
  try {
    const [push, regions] = await Promise.all([
      getPushStatus(appId, name, version),
      listAppRegions(getEnsClient(), appId),
    ]);
    return coverageOf(rows, push.regions, new Map(regions.map((r) => [r.regionId, r.instanceCount])));
  } catch {
    return null;
  }
}

// Stragglers depend on the time: each read's profile (regions' typical times, the
// in-flight instances) is built once, and checked against the clock at most every 5 s
// of ENS time.
const STRAGGLER_STEP_MS = 5_000;
// On globalThis: the watcher prepares them (prepared-views.ts) for the routes, a separate module instance.
const stragglerHolder = globalThis as typeof globalThis & {
  __ensStragglers?: WeakMap<readonly DistRow[], { profile: StragglerProfile; step: number; value: Stragglers }>;
};
const straggling = (stragglerHolder.__ensStragglers ??= new WeakMap());

/** Noted as asked (row-views.ts): the next read prepares them (prepared-views.ts). */
export const STRAGGLERS = 'stragglers';

export function stragglersOf(rows: readonly DistRow[]): Stragglers {
  noteAsked(rows, STRAGGLERS);
  const now = ensNow();
  const step = Math.floor(now / STRAGGLER_STEP_MS);
  let known = straggling.get(rows);
  if (!known) {
    known = { profile: stragglerProfile(rows), step: Number.NaN, value: { count: 0, instanceIds: [] } };
    straggling.set(rows, known);
  }
  if (known.step !== step) {
    known.step = step;
    known.value = stragglersAt(known.profile, now);
  }
  return known.value;
}

function clockFields(): Pick<Truth, 'ensNow' | 'ensOffsetMs'> {
  return { ensNow: new Date(ensNow()).toISOString(), ensOffsetMs: ensClockOffsetMs() };
}

export async function getVersionDetail(
  appId: string,
  name: string,
  version: string,
): Promise<VersionDetail & Freshness & Complete & Truth> {
  const fromSnapshot = await snapshotDetail({ appId, name, version });
  if (fromSnapshot) {
    const coverage = await coverageFor(appId, name, version, fromSnapshot);
    return { ...fromSnapshot, coverage, stragglers: null, ...clockFields() };
  }
  const [read, counted] = await Promise.all([
    readVersionRows(appId, name, version),
    cheapVersionCounts(appId, name, version).catch(() => null),
  ]);
  // Where InstanceCount is a total, the KPIs come from the cheap count; charts and reasons from the rows.
  const kpis =
    counted && counted.total > 0
      ? { total: counted.total, counts: counted.counts, ...statusFigures(counted.counts) }
      : {};
  const detail = { ...detailOf(name, version, read.value), ...kpis };
  const coverage = await coverageFor(appId, name, version, detail);
  return {
    ...detail,
    ...freshnessOf(read),
    ...completenessFields(completenessOf(read.value)),
    coverage,
    stragglers: stragglersOf(read.value),
    ...clockFields(),
  };
}

/**
 * A replica that does not lead has no sweep of its own: it serves the leader's fresh
 * snapshot instead of calling ENS. Snapshots keep no failure reasons, so a version with
 * failures is read from ENS (coalesced) to group them.
 */
async function snapshotDetail(key: {
  appId: string;
  name: string;
  version: string;
}): Promise<(VersionDetail & Freshness & Complete) | undefined> {
  if (getConfig().ENS_NAIVE_PROXY || freshSweep(key)) return undefined;
  const snapshot = await freshSnapshot(key).catch(() => undefined);
  if (!snapshot || snapshot.counts.FAILED > 0) return undefined;
  markViewed(key);
  const byRegion = Object.entries(snapshot.byRegion)
    .map(([regionId, counts]) => ({ regionId, counts }))
    .sort((a, b) => a.regionId.localeCompare(b.regionId));
  const t = new Date(snapshot.t).toISOString();
  return {
    name: key.name,
    version: key.version,
    total: snapshot.total,
    counts: snapshot.counts,
    ...statusFigures(snapshot.counts),
    byRegion,
    failureReasons: [],
    updatedAt: t,
    fetchedAt: t,
    stale: false,
    complete: true,
  };
}

export interface InstancePage extends Freshness {
  rows: Omit<DistRow, 'name' | 'version'>[];
  facets: ReturnType<typeof facetsOf>;
  ensOffsetMs: number;
  total: number;
  page: number;
  pageSize: number;
  /** False when the read could not be shown to hold every row (incompleteReason says why). */
  complete: boolean;
  incompleteReason?: string;
}

export async function queryInstances(appId: string, query: InstanceQuery): Promise<InstancePage> {
  const read = await readVersionRows(appId, query.name, query.version);
  const matched = instancePage(read.value, query);
  const rows = matched.rows.map(({ name: _n, version: _v, ...row }) => row);
  return {
    rows,
    facets: facetsOf(read.value, query),
    ensOffsetMs: ensClockOffsetMs(),
    total: matched.total,
    page: query.page,
    pageSize: query.pageSize,
    ...freshnessOf(read),
    ...completenessFields(completenessOf(read.value)),
  };
}

/** Rows for a CSV export of the current filter (all pages). */
export async function exportInstances(
  appId: string,
  query: Omit<InstanceQuery, 'page' | 'pageSize'>,
): Promise<readonly DistRow[]> {
  const read = await readVersionRows(appId, query.name, query.version);
  return filterAndSort(read.value, query);
}

export async function getPushStatus(
  appId: string,
  name: string,
  version: string,
): Promise<{ regions: Omit<PushRow, 'name' | 'version'>[] } & Freshness> {
  const read = await cachedRead(PUSH_STATUS, versionKey(appId, name, version), async () => {
    const answer = await getEnsClient().describeDataPushResult({ appId, dataNames: [name], dataVersions: [version] });
    return answer.rows.filter((r) => r.name === name && r.version === version);
  });
  const regions = read.value
    .map(({ name: _n, version: _v, ...row }) => row)
    .sort((a, b) => a.regionId.localeCompare(b.regionId));
  return { regions, ...freshnessOf(read) };
}
