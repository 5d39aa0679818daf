import { DEFAULT_LEADER_LOCK_KEY, type Db } from '@/lib/db';
import type { Distributor, DistributorReport } from './distributor';
import { describeFailure, silentLog, type WatchLog } from './log';
import type { SweepReport, Watcher } from './watcher';

/** What runs after each sweep, on the rows it just read (the staged-rollout engine). */
export interface AfterSweep {
  run(): Promise<{ errors: unknown[] }>;
}

export interface BackgroundDeps {
  db: Db;
  watcher: Watcher;
  distributor: Distributor;
  /** Judged on each sweep's fresh rows, so it never reads instance rows of its own. */
  rollouts?: AfterSweep;
  /** WATCH_INTERVAL_SECONDS in ms: one tick (distribute, then sweep) per interval. */
  intervalMs: number;
  /** Ceiling of the backoff when ENS throttles or fails (default 60 s). */
  maxIntervalMs?: number;
  /** Snapshots older than this are deleted; younger ones thinned (SNAPSHOT_RETENTION_DAYS). */
  retentionMs: number;
  thinEveryMs?: number;
  lockKey?: number;
  now?: () => number;
  log?: WatchLog;
  /** Called when this process gains or loses the leadership. */
  onLeadershipChange?(leading: boolean): void;
  /** Called after each leader tick with what it did (metrics). */
  onLeaderTick?(report: { distributor: DistributorReport | null; sweep: SweepReport | null; sweepMs: number }): void;
}

export type TickReport =
  | { ran: false; reason: 'overlap' | 'stopped' }
  | { ran: true; leader: false }
  | {
      ran: true;
      leader: true;
      distributor: DistributorReport | null;
      sweep: SweepReport | null;
      nextIntervalMs: number;
    };

export interface BackgroundWork {
  /** One tick now (tests drive it directly); skipped while another tick runs. */
  tick(): Promise<TickReport>;
  /** Starts ticking every interval, first tick at once. */
  start(): void;
  /** Stops ticking, waits for a running tick, and gives the leadership up. */
  stop(): Promise<void>;
  isLeading(): boolean;
  currentIntervalMs(): number;
}

export const MAX_BACKOFF_INTERVAL_MS = 60_000;
export const THIN_EVERY_MS = 60 * 60_000;

/**
 * The leader loop: only the replica holding the advisory lock distributes and sweeps.
 * Non-leaders try to take the lock once per interval, so a dead leader (whose
 * PostgreSQL session, and with it the lock, is gone) is replaced within two intervals.
 * Ticks never overlap: a tick that overruns makes the next ones skip, not pile up.
 */
export function createBackgroundWork(deps: BackgroundDeps): BackgroundWork {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? silentLog;
  const maxIntervalMs = Math.max(deps.intervalMs, deps.maxIntervalMs ?? MAX_BACKOFF_INTERVAL_MS);
  const lockKey = deps.lockKey ?? DEFAULT_LEADER_LOCK_KEY;
  let leading = false;
  let intervalMs = deps.intervalMs;
  let running: Promise<TickReport> | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let lastThinAt = -Infinity;

  function setLeading(next: boolean): void {
    if (next === leading) return;
    leading = next;
    if (!next) {
      // Another replica writes snapshots now; what this one kept would go stale.
      deps.watcher.reset();
      intervalMs = deps.intervalMs;
    }
    log.info(next ? 'watcher: this process leads; sweeping and distributing' : 'watcher: leadership lost; standing by');
    deps.onLeadershipChange?.(next);
  }

  async function holdLeadership(): Promise<boolean> {
    try {
      setLeading(leading ? await deps.db.isLeader() : await deps.db.tryAcquireLeadership(lockKey));
    } catch (error) {
      log.warn(`watcher: leadership check failed: ${describeFailure(error)}`);
      setLeading(false);
    }
    return leading;
  }

  async function thinIfDue(): Promise<void> {
    if (now() - lastThinAt < (deps.thinEveryMs ?? THIN_EVERY_MS)) return;
    lastThinAt = now();
    try {
      const deleted = await deps.db.snapshots.thin(deps.retentionMs, now());
      if (deleted > 0) log.info(`watcher: thinned ${deleted} snapshot(s)`);
    } catch (error) {
      log.warn(`watcher: thinning failed: ${describeFailure(error)}`);
    }
  }

  async function runTick(): Promise<TickReport> {
    if (!(await holdLeadership())) return { ran: true, leader: false };
    const distributor = await deps.distributor.run().catch((error: unknown) => {
      log.warn(`distributor: ${describeFailure(error)}`);
      return null;
    });
    // Re-checked: distributing can take a while, and a lost lease must not keep sweeping.
    if (!(await holdLeadership())) return { ran: true, leader: false };
    const sweepStarted = performance.now();
    const sweep = await deps.watcher.sweep().catch((error: unknown) => {
      log.warn(`watcher: ${describeFailure(error)}`);
      return null;
    });
    const sweepMs = performance.now() - sweepStarted;
    if (deps.rollouts && (await holdLeadership())) {
      await deps.rollouts.run().catch((error: unknown) => log.warn(`rollouts: ${describeFailure(error)}`));
    }
    deps.onLeaderTick?.({ distributor, sweep, sweepMs });
    await thinIfDue();
    const struggling = !distributor || !sweep || distributor.backoff || sweep.backoff;
    intervalMs = struggling ? Math.min(maxIntervalMs, intervalMs * 2) : deps.intervalMs;
    return { ran: true, leader: true, distributor, sweep, nextIntervalMs: intervalMs };
  }

  function tick(): Promise<TickReport> {
    if (stopped) return Promise.resolve({ ran: false, reason: 'stopped' });
    if (running) return Promise.resolve({ ran: false, reason: 'overlap' });
    const current = runTick().finally(() => {
      running = null;
    });
    running = current;
    return current;
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      const started = now();
      void tick().then(() => {
        const elapsed = now() - started;
        const period = leading ? intervalMs : deps.intervalMs;
        // An overrun skips the missed ticks and keeps the cadence.
        schedule(elapsed < period ? period - elapsed : period - (elapsed % period));
      });
    }, delayMs);
    // The HTTP server keeps the process alive; this timer alone must not (e.g. during a build).
    timer.unref();
  }

  return {
    tick,
    start: () => schedule(0),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => undefined);
      if (leading) {
        await deps.db.releaseLeadership().catch(() => undefined);
        setLeading(false);
      }
    },
    isLeading: () => leading,
    currentIntervalMs: () => intervalMs,
  };
}
