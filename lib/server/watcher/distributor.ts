import type { Db, Push, RecordedError, RegionDistribution } from '@/lib/db';
import type { DescribeDataPushResultInput, DistApplicationDataInput } from '@/lib/ens/client';
import type { DescribeDataPushResultResult, DistApplicationDataResult, PushRow } from '@/lib/ens/schemas';
import { distDataFor } from '@/lib/ens/data-files';
import { listItemProblem } from '@/lib/ens/field-rules';
import { pushFailedNotifications } from '@/lib/server/notifications/push-events';
import { describeFailure, isBackoffSignal, silentLog, type WatchLog } from './log';

/** The two ENS actions the driver needs; the real client in production and tests. */
export interface DistributorClient {
  describeDataPushResult(input: DescribeDataPushResultInput): Promise<DescribeDataPushResultResult>;
  distApplicationData(input: DistApplicationDataInput): Promise<DistApplicationDataResult>;
}

export interface DistributorDeps {
  db: Db;
  client: DistributorClient;
  now?: () => number;
  /** Pushes older than this are no longer driven (default 24 h). */
  windowMs?: number;
  log?: WatchLog;
}

export interface DistributorReport {
  pushes: number;
  distributed: number;
  skipped: number;
  failed: number;
  errors: unknown[];
  backoff: boolean;
}

export const DISTRIBUTE_WINDOW_MS = 24 * 60 * 60_000;

/** A region's pre-push over every file of a push: SUCCESS only when all files are there. */
interface RegionPrePush {
  status: 'SUCCESS' | 'FAILED' | 'PUSHING';
  reason?: string;
}

/**
 * Push, then distribute: for each push-and-distribute still unfinished, reads the
 * pre-push status per region (DescribeDataPushResult) and, for each region whose
 * pre-push succeeded for every file, claims it in the database and calls
 * DistApplicationData for that region alone. The claim is what makes this safe to run
 * on several replicas or after a restart: a region is distributed at most once.
 */
export class Distributor {
  private readonly now: () => number;
  private readonly log: WatchLog;

  constructor(private readonly deps: DistributorDeps) {
    this.now = deps.now ?? Date.now;
    this.log = deps.log ?? silentLog;
  }

  async run(): Promise<DistributorReport> {
    const pushes = await this.deps.db.distributions.listPushesWithUnfinishedDistribution({
      createdAfter: this.now() - (this.deps.windowMs ?? DISTRIBUTE_WINDOW_MS),
    });
    const report: DistributorReport = {
      pushes: pushes.length,
      distributed: 0,
      skipped: 0,
      failed: 0,
      errors: [],
      backoff: false,
    };
    // One push at a time: there are few, and each costs one read plus at most one write per region.
    for (const push of pushes) {
      try {
        await this.drive(push, report);
      } catch (error) {
        report.errors.push(error);
        // A refusal that waiting will not change (a bad parameter) closes the push's
        // regions as failed with the reason: retried every tick it would never succeed.
        if (!isBackoffSignal(error)) await this.failWaitingRegions(push, recordedErrorOf(error), report);
        else this.log.warn(`distributor: push ${push.id}: ${describeFailure(error)}`);
      }
    }
    report.backoff = report.errors.some(isBackoffSignal);
    return report;
  }

  private async drive(push: Push, report: DistributorReport): Promise<void> {
    const { db, client } = this.deps;
    await this.keepWatched(push);
    // A file ENS could never report on (pushed before the field rules existed) fails
    // its push's regions at once, naming the file, without asking ENS.
    const unreadable = push.data
      .map((f, i) => ({ i, problem: listItemProblem('name', f.name) ?? listItemProblem('version', f.version) }))
      .find((f) => f.problem);
    if (unreadable) {
      const file = push.data[unreadable.i]!;
      const message = `File ${unreadable.i + 1} (${file.name} ${file.version}) cannot be distributed: its ${unreadable.problem}.`;
      await this.failWaitingRegions(push, { message, code: 'UnreadableFile' }, report);
      return;
    }
    const known = await db.distributions.listByPush(push.id);
    const answer = await client.describeDataPushResult({
      appId: push.appId,
      dataNames: unique(push.data.map((f) => f.name)),
      dataVersions: unique(push.data.map((f) => f.version)),
      ...(known.length > 0 ? { regionIds: known.map((r) => r.regionId) } : {}),
    });
    const prePush = prePushByRegion(push, answer.rows);
    // The push route seeds the target regions; without seeds, adopt what ENS reports.
    const regions: Pick<RegionDistribution, 'regionId' | 'pushStatus' | 'distState'>[] =
      known.length > 0
        ? known
        : [...prePush.keys()].map((regionId) => ({ regionId, pushStatus: null, distState: 'waiting' }));
    for (const region of regions) {
      const state = prePush.get(region.regionId);
      if (!state) continue;
      if (state.status !== region.pushStatus)
        await db.distributions.upsertRegionPushStatus(push.id, region.regionId, state.status);
      if (region.distState !== 'waiting') continue;
      if (state.status === 'SUCCESS') await this.distributeRegion(push, region.regionId, report);
      else if (state.status === 'FAILED') await this.skipRegion(push, region.regionId, state.reason, report);
    }
  }

  private async distributeRegion(push: Push, regionId: string, report: DistributorReport): Promise<void> {
    const { db, client } = this.deps;
    const options = push.distribute;
    if (!options) return;
    if (!(await db.distributions.claimRegionForDistribution(push.id, regionId))) return;
    try {
      const answer = await client.distApplicationData({
        appId: push.appId,
        data: distDataFor(push.data, options),
        regionIds: [regionId],
      });
      await db.distributions.markRegionResult(push.id, regionId, {
        state: 'sent',
        requestId: answer.requestId,
        resultCodes: answer.results,
      });
      report.distributed++;
      this.log.info(`distributor: push ${push.id} distributed to ${regionId} (${answer.instanceCount} instances)`);
    } catch (error) {
      // Never retried: a write that may have reached ENS must not be sent twice.
      const recorded = recordedErrorOf(error);
      await db.distributions.markRegionResult(
        push.id,
        regionId,
        { state: 'failed', error: recorded },
        pushFailedNotifications(push, Date.now(), { phase: 'distribution', regionId, error: recorded }),
      );
      report.failed++;
      report.errors.push(error);
      this.log.warn(`distributor: push ${push.id} to ${regionId} failed: ${describeFailure(error)}`);
    }
  }

  /** Closes every region still waiting as failed: it is claimed first, so a concurrent driver cannot distribute it. */
  private async failWaitingRegions(push: Push, error: RecordedError, report: DistributorReport): Promise<void> {
    const { db } = this.deps;
    let closed = 0;
    for (const region of await db.distributions.listByPush(push.id)) {
      if (region.distState !== 'waiting') continue;
      if (!(await db.distributions.claimRegionForDistribution(push.id, region.regionId))) continue;
      const notify = pushFailedNotifications(push, Date.now(), {
        phase: 'distribution',
        regionId: region.regionId,
        error,
      });
      if (await db.distributions.markRegionResult(push.id, region.regionId, { state: 'failed', error }, notify))
        closed++;
    }
    report.failed += closed;
    if (closed > 0) this.log.warn(`distributor: push ${push.id}: ${closed} region(s) failed: ${error.message}`);
  }

  private async skipRegion(
    push: Push,
    regionId: string,
    reason: string | undefined,
    report: DistributorReport,
  ): Promise<void> {
    const message = `The pre-push to ${regionId} failed${reason ? `: ${reason}` : ''}; nothing was distributed there.`;
    const notify = pushFailedNotifications(push, Date.now(), {
      phase: 'push',
      regionId,
      error: { message: `the pre-push failed${reason ? `: ${reason}` : ''}` },
    });
    if (
      await this.deps.db.distributions.markRegionResult(
        push.id,
        regionId,
        { state: 'skipped', reason: { message } },
        notify,
      )
    )
      report.skipped++;
  }

  /** The pushed versions stay watched for the push's 24 hours, so the rollout gets swept and charted. */
  private async keepWatched(push: Push): Promise<void> {
    const ttl = push.createdAt + (this.deps.windowMs ?? DISTRIBUTE_WINDOW_MS) - this.now();
    if (ttl <= 0) return;
    for (const file of push.data) {
      await this.deps.db.watchTargets.touch(
        { appId: push.appId, name: file.name, version: file.version },
        'pushed',
        ttl,
      );
    }
  }
}

/** Folds per-file rows into one state per region; a region missing a file is still PUSHING. */
export function prePushByRegion(push: Pick<Push, 'data'>, rows: readonly PushRow[]): Map<string, RegionPrePush> {
  const wanted = new Set(push.data.map((f) => JSON.stringify([f.name, f.version])));
  const byRegion = new Map<string, PushRow[]>();
  for (const row of rows) {
    if (!wanted.has(JSON.stringify([row.name, row.version]))) continue;
    const list = byRegion.get(row.regionId) ?? [];
    list.push(row);
    byRegion.set(row.regionId, list);
  }
  const result = new Map<string, RegionPrePush>();
  for (const [regionId, list] of byRegion) {
    const failed = list.find((r) => r.status === 'FAILED');
    if (failed) result.set(regionId, { status: 'FAILED', reason: failed.statusDescrip || undefined });
    else if (list.length >= wanted.size && list.every((r) => r.status === 'SUCCESS'))
      result.set(regionId, { status: 'SUCCESS' });
    else result.set(regionId, { status: 'PUSHING' });
  }
  return result;
}

function recordedErrorOf(error: unknown): RecordedError {
  if (!(error instanceof Error)) return { message: String(error) };
  const e = error as Error & { code?: unknown; requestId?: unknown; httpStatus?: unknown };
  return {
    message: error.message,
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.requestId === 'string' ? { requestId: e.requestId } : {}),
    ...(typeof e.httpStatus === 'number' && e.httpStatus > 0 ? { httpStatus: e.httpStatus } : {}),
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
