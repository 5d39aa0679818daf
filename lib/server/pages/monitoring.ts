import { withPushedOnly } from '@/lib/server/pushed-only';
import 'server-only';
import { isHttpError } from '@/lib/server/http';
import { getApp, listApps } from '@/lib/server/apps';
import {
  countVersionRows,
  hasVersionRows,
  getPushStatus,
  getVersionDetail,
  getVersionSummaries,
  heldVersionSummaries,
  queryInstances,
} from '@/lib/server/versions';
import type { AppSummary } from '@/lib/ens/schemas';
import { appHealth } from '@/lib/domain/version-health';
import { ensNow } from '@/lib/ens/clock';
import {
  detailResponseSchema,
  distributionResponseSchema,
  historyResponseSchema,
  instancesResponseSchema,
  pushStatusResponseSchema,
  type DetailResponse,
  type DistributionResponse,
  type HistoryResponse,
  type InstancesResponse,
  type PushStatusResponse,
} from '@/lib/contracts/monitoring';
import { getDistributionHistory } from '@/lib/server/snapshots';
import { DEFAULT_HISTORY_WINDOW_MS } from '@/lib/contracts/history-params';
import type { InstanceQuery } from '@/lib/contracts/instance-params';

/*
 * The server pages' first render reads through the same services as the API routes
 * (so the first paint already has data, and shares their cache), then parses with
 * the browser's schemas so the initial data and every later poll have one shape.
 */

function isNotFound(err: unknown): boolean {
  return isHttpError(err) && err.status === 404;
}

export async function loadApps(): Promise<AppSummary[]> {
  return (await listApps()).apps;
}

/**
 * The applications in trouble first (more versions failing over the threshold, then
 * the worst failure rate), from the summaries this server already holds: ranking never
 * waits for a scan, so an application not read yet keeps ENS's order, after those in trouble.
 */
export function rankApps(apps: readonly AppSummary[]): AppSummary[] {
  const health = new Map(
    apps.map((app) => {
      const held = heldVersionSummaries(app.appId);
      return [app.appId, held ? appHealth(held) : { troubled: 0, worst: 0 }];
    }),
  );
  return apps
    .map((app, index) => ({ app, index, h: health.get(app.appId)! }))
    .sort((a, b) => b.h.troubled - a.h.troubled || b.h.worst - a.h.worst || a.index - b.index)
    .map((x) => x.app);
}

/** The application, or null when ENS does not know it (the page answers 404). */
export async function loadApp(appId: string): Promise<AppSummary | null> {
  try {
    return await getApp(appId);
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

export async function loadOverview(appId: string): Promise<DistributionResponse> {
  return distributionResponseSchema.parse(await withPushedOnly(appId, await getVersionSummaries(appId)));
}

export interface VersionPageData {
  detail: DetailResponse;
  instances: InstancesResponse;
  /** The pre-push answer and the history rebuilt from the same read, so the chart draws from the first view. */
  push: PushStatusResponse;
  history: HistoryResponse;
  /** When it was assembled (epoch ms): the freshest this server had then, whenever ENS was read. */
  loadedAt: number;
}

/** Everything the version page paints first; null when the version is unknown to ENS. */
export async function loadVersionPage(appId: string, query: InstanceQuery): Promise<VersionPageData | null> {
  // Only this version's rows: the whole application's summaries cost every version's rows at 100k instances.
  const [detail, instances, push] = await Promise.all([
    getVersionDetail(appId, query.name, query.version),
    queryInstances(appId, query),
    // The page reads the pre-push status anyway; read once here, it is seeded and rebuilt from.
    getPushStatus(appId, query.name, query.version),
  ]);
  // A version pushed but not yet distributed has no instance rows, only file servers.
  if (detail.total === 0 && push.regions.length === 0) return null;
  const history = await getDistributionHistory(
    appId,
    query.name,
    query.version,
    // On ENS's clock, as the history's times are.
    ensNow() - DEFAULT_HISTORY_WINDOW_MS,
  );
  return {
    detail: detailResponseSchema.parse(detail),
    instances: instancesResponseSchema.parse(instances),
    push: pushStatusResponseSchema.parse(push),
    history: historyResponseSchema.parse(history),
    loadedAt: Date.now(),
  };
}

/**
 * Whether ENS knows the version, without reading its rows: its instance count (0 for a
 * version pushed to file servers but not distributed yet), or null when it is unknown.
 */
export async function countVersion(appId: string, name: string, version: string): Promise<number | null> {
  const total = await countVersionRows(appId, name, version);
  if (total > 0) return total;
  const push = await getPushStatus(appId, name, version);
  return push.regions.length > 0 ? 0 : null;
}

export { hasVersionRows };
