import 'server-only';
import { getConfig } from '@/lib/config';
import { getDb } from '@/lib/db/server';
import { getEnsClient } from '@/lib/ens/client';
import { ensNow } from '@/lib/ens/clock';
import { fetchAllDistribution } from '@/lib/ens/fetch-all';
import { attachRegions, getInstanceRegions } from '@/lib/ens/inventory';
import { EnsReachability } from '@/lib/server/notifications/ens-reachability';
import { FailuresRising } from '@/lib/server/notifications/failures-rising';
import { createSender } from '@/lib/server/notifications/service';
import { checkHealth } from '@/lib/server/health';
import { RolloutEngine } from '@/lib/server/rollouts/engine';
import { heldVersionRows, loadVersionRows, publishVersionRows } from '@/lib/server/versions';
import { prepareVersionViews } from '@/lib/server/prepared-views';
import { createBackgroundWork, type BackgroundWork } from './background';
import { Distributor } from './distributor';
import { getLogger } from '@/lib/server/observability/logger';
import { getMetrics } from '@/lib/server/observability/metrics';
import type { WatchLog } from './log';
import { getWatchRegistry } from './registry';
import { Watcher } from './watcher';

const DAY_MS = 24 * 60 * 60_000;

export interface BackgroundHandle {
  stop(): Promise<void>;
}

/**
 * Starts the watcher and the push-then-distribute driver (they run only while this
 * process holds the leadership). A no-op with ENS_NAIVE_PROXY, the benchmark's
 * baseline where every read goes to ENS.
 */
export function startBackgroundWork(): BackgroundHandle {
  const config = getConfig();
  if (config.ENS_NAIVE_PROXY) return { stop: async () => {} };
  let work: BackgroundWork | undefined;
  let stopped = false;
  const logger = getLogger().child({ component: 'watcher' });
  const consoleLog: WatchLog = { info: (msg) => logger.info(msg), warn: (msg) => logger.warn(msg) };
  const metrics = getMetrics();
  metrics.leader.set(0);
  const ready = getDb().then((db) => {
    if (stopped) return;
    const registry = getWatchRegistry();
    const rollouts = new RolloutEngine({
      db,
      // Resolved per call, like the distributor's: the client is rebuilt when the connection changes.
      ens: {
        pushApplicationData: (input) => getEnsClient().pushApplicationData(input),
        distApplicationData: (input) => getEnsClient().distApplicationData(input),
        describeDataPushResult: (input) => getEnsClient().describeDataPushResult(input),
        cleanDistData: (input) => getEnsClient().cleanDistData(input),
      },
      rowsOf: (key) => heldVersionRows(key.appId, key.name, key.version),
      inventory: (appId) => getInstanceRegions(getEnsClient(), appId),
      fileRows: async (appId, name, regionIds) => {
        const client = getEnsClient();
        const [{ rows }, regions] = await Promise.all([
          fetchAllDistribution(client, { appId, dataNames: [name], ensRegionIds: [...regionIds] }),
          getInstanceRegions(client, appId),
        ]);
        return attachRegions(rows, regions);
      },
      now: ensNow,
      log: consoleLog,
    });
    const notifications = createSender(db, consoleLog);
    const failures = new FailuresRising({
      minIncrease: config.NOTIFY_FAILURES_RISING_MIN,
      windowMs: config.NOTIFY_FAILURES_RISING_WINDOW_MINUTES * 60_000,
    });
    // The probe /api/health answers with (cached a few seconds): one cheap read per tick at most.
    const ens = new EnsReachability({
      db,
      probe: async () => {
        const { ens: health } = await checkHealth();
        return { reachable: health.reachable, ...(health.error ? { error: health.error.message } : {}) };
      },
      thresholdMs: config.NOTIFY_ENS_UNREACHABLE_MINUTES * 60_000,
    });
    work = createBackgroundWork({
      rollouts: {
        async run() {
          try {
            const report = await rollouts.run();
            metrics.rollouts.reset();
            for (const [state, count] of await rollouts.countActive()) metrics.rollouts.set({ state }, count);
            return report;
          } finally {
            await ens
              .check()
              .catch((error: unknown) =>
                consoleLog.warn(`notifications: ENS probe: ${error instanceof Error ? error.message : String(error)}`),
              );
            // Leader-sent, right after the engine wrote this tick's events to the outbox.
            await notifications
              .run()
              .catch((error: unknown) =>
                consoleLog.warn(`notifications: ${error instanceof Error ? error.message : String(error)}`),
              );
          }
        },
      },
      db,
      intervalMs: config.WATCH_INTERVAL_SECONDS * 1000,
      retentionMs: config.SNAPSHOT_RETENTION_DAYS * DAY_MS,
      log: consoleLog,
      onLeadershipChange: (leading) => {
        metrics.leader.set(leading ? 1 : 0);
        if (!leading) ens.reset();
      },
      onLeaderTick: ({ distributor, sweep, sweepMs }) => {
        if (sweep) {
          metrics.sweepDuration.observe(sweepMs / 1000);
          metrics.sweepRows.inc(sweep.rowsRead);
          metrics.sweepSkipped.inc(sweep.skipped);
          metrics.sweepLagging.set(sweep.errors.length);
          metrics.watchedVersions.set(sweep.targets);
        }
        if (distributor) {
          metrics.writes.inc({ kind: 'auto_distribution', outcome: 'sent' }, distributor.distributed);
          metrics.writes.inc({ kind: 'auto_distribution', outcome: 'failed' }, distributor.failed);
          metrics.writes.inc({ kind: 'auto_distribution', outcome: 'skipped' }, distributor.skipped);
        }
      },
      watcher: new Watcher({
        db,
        registry,
        load: async (key) => {
          const previous = heldVersionRows(key.appId, key.name, key.version)?.rows;
          const rows = await loadVersionRows(key.appId, key.name, key.version, { background: true });
          // Published ready: the first poll after the sweep does not build what it shows.
          await prepareVersionViews(key, previous, rows);
          return rows;
        },
        publish: (key, rows, fetchedAt) => publishVersionRows(key.appId, key.name, key.version, rows, fetchedAt),
        onSwept: async (key, aggregate, fetchedAt) => {
          const entry = failures.observe({
            key,
            at: fetchedAt,
            failed: aggregate.counts.FAILED,
            total: aggregate.total,
            failureReasons: aggregate.failureReasons,
          });
          if (entry) await db.notifications.enqueue([entry]);
        },
        log: consoleLog,
        intervalMs: config.WATCH_INTERVAL_SECONDS * 1000,
        busy: () => rollouts.versionsInMotion(),
      }),
      distributor: new Distributor({
        db,
        // Resolved per call: the client is rebuilt when the connection changes.
        client: {
          describeDataPushResult: (input) => getEnsClient().describeDataPushResult(input),
          distApplicationData: (input) => getEnsClient().distApplicationData(input),
        },
        log: consoleLog,
      }),
    });
    work.start();
  });
  ready.catch((error: unknown) =>
    console.error('watcher: could not start', error instanceof Error ? error.message : error),
  );
  return {
    async stop() {
      stopped = true;
      await ready.catch(() => undefined);
      await work?.stop();
    },
  };
}
