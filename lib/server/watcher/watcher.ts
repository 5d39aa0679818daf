import type { Db, VersionKey, WatchTarget } from '@/lib/db';
import type { DistRow } from '@/lib/domain/version-detail';
import { inFlightOf } from '@/lib/domain/status';
import { completenessOf } from '@/lib/ens/completeness';
import { aggregateRows, sameCounts, type VersionAggregate } from './aggregate';
import { forEachLimited } from './concurrency';
import { describeFailure, isBackoffSignal, silentLog, type WatchLog } from './log';
import { versionId, WatchRegistry } from './registry';

export interface WatcherDeps {
  db: Db;
  /** Every instance row of one version (DescribeDataDistResult, all pages). */
  load(key: VersionKey): Promise<readonly DistRow[]>;
  /** Hands each sweep to the read cache, so routes reuse it. */
  publish?(key: VersionKey, rows: readonly DistRow[], fetchedAt: number): void;
  registry?: WatchRegistry;
  now?: () => number;
  /** Versions swept at once; bounds the burst on ENS when many are watched. */
  concurrency?: number;
  /** While something is in flight, a snapshot at least this often even without change. */
  heartbeatMs?: number;
  /** Rows read per version per interval at most (default ROWS_PER_INTERVAL). */
  rowsPerInterval?: number;
  log?: WatchLog;
  /** Each sweep shown complete, after it is published (the failures-rising notification); never fails the sweep. */
  onSwept?(key: VersionKey, aggregate: VersionAggregate, fetchedAt: number): Promise<void>;
}

export interface SweepReport {
  targets: number;
  swept: number;
  snapshots: number;
  /** Instance rows read from ENS in this sweep. */
  rowsRead: number;
  /** Watched versions left for a later sweep (large versions are swept every few intervals). */
  skipped: number;
  errors: unknown[];
  /** Some failure says ENS is throttling or failing: the caller should slow down. */
  backoff: boolean;
}

interface Written {
  t: number;
  counts: VersionAggregate['counts'];
  byRegion: VersionAggregate['byRegion'];
}

export const DEFAULT_SWEEP_CONCURRENCY = 4;
/**
 * Instance rows read per version per interval at most. A larger version is swept every
 * ceil(rows / this) intervals (100,000 rows: every second interval), which bounds both
 * the upstream calls a version costs (50 pages of 1,000 per interval) and the
 * dashboard's own work per interval, however large the fleet.
 */
export const ROWS_PER_INTERVAL = 50_000;

/** How many intervals apart a version of this many rows is swept. */
export const sweepEvery = (rows: number, rowsPerInterval = ROWS_PER_INTERVAL) =>
  Math.max(1, Math.ceil(rows / rowsPerInterval));
export const SNAPSHOT_HEARTBEAT_MS = 60_000;

/**
 * One sweep = one DescribeDataDistResult read per watched version, whoever is looking.
 * Each result goes to the registry (the read routes serve it) and, when the counts
 * changed or an in-flight rollout's heartbeat is due, into a snapshot row.
 */
export class Watcher {
  private readonly registry: WatchRegistry;
  private readonly now: () => number;
  private readonly log: WatchLog;
  /** The last snapshot written per version; null = none exists. Loaded from the DB once. */
  private readonly written = new Map<string, Written | null>();
  /** Sweeps still to skip per version (large versions are swept every few intervals). */
  private readonly skips = new Map<string, number>();

  constructor(private readonly deps: WatcherDeps) {
    this.registry = deps.registry ?? new WatchRegistry();
    this.now = deps.now ?? Date.now;
    this.log = deps.log ?? silentLog;
  }

  async sweep(): Promise<SweepReport> {
    const { db } = this.deps;
    await db.watchTargets.expire();
    const targets = boundedTargets(await db.watchTargets.listActive());
    this.registry.retain(targets);
    const active = new Set(targets.map(versionId));
    for (const id of this.written.keys()) if (!active.has(id)) this.written.delete(id);
    for (const id of this.skips.keys()) if (!active.has(id)) this.skips.delete(id);

    const due = targets.filter((target) => {
      const id = versionId(target);
      const skip = this.skips.get(id) ?? 0;
      if (skip > 0) this.skips.set(id, skip - 1);
      return skip === 0;
    });
    let snapshots = 0;
    let swept = 0;
    let rowsRead = 0;
    const errors = await forEachLimited(due, this.deps.concurrency ?? DEFAULT_SWEEP_CONCURRENCY, async (target) => {
      const key: VersionKey = { appId: target.appId, name: target.name, version: target.version };
      try {
        const one = await this.sweepOne(key);
        rowsRead += one.rows;
        if (one.snapshot) snapshots++;
        swept++;
      } catch (error) {
        this.log.warn(`watcher: ${key.appId} ${key.name}@${key.version}: ${describeFailure(error)}`);
        throw error;
      }
    });
    return {
      targets: targets.length,
      swept,
      snapshots,
      rowsRead,
      skipped: targets.length - due.length,
      errors,
      backoff: errors.some(isBackoffSignal),
    };
  }

  /** Forgets what it wrote (after losing the leadership, another replica writes meanwhile). */
  reset(): void {
    this.written.clear();
    this.skips.clear();
    this.registry.clear();
  }

  /** The rows read, and whether a snapshot was written. */
  private async sweepOne(key: VersionKey): Promise<{ rows: number; snapshot: boolean }> {
    const started = this.now();
    const rows = await this.deps.load(key);
    const fetchedAt = this.now();
    const aggregate = aggregateRows(key.name, key.version, rows);
    const every = sweepEvery(rows.length, this.deps.rowsPerInterval);
    this.skips.set(versionId(key), every - 1);
    this.deps.publish?.(key, rows, fetchedAt);
    this.registry.set({ key, rows, aggregate, fetchedAt, every, readMs: fetchedAt - started });
    const completeness = completenessOf(rows);
    if (!completeness.complete) {
      // History keeps only numbers shown whole; the read routes still serve these, marked.
      this.log.warn(
        `watcher: ${key.appId} ${key.name}@${key.version}: read not shown complete (${completeness.incompleteReason ?? 'unknown'}); no snapshot`,
      );
      return { rows: rows.length, snapshot: false };
    }
    await this.deps.onSwept?.(key, aggregate, fetchedAt).catch((error: unknown) => {
      this.log.warn(`watcher: ${key.appId} ${key.name}@${key.version}: after the sweep: ${describeFailure(error)}`);
    });
    if (!(await this.snapshotDue(key, aggregate, fetchedAt))) return { rows: rows.length, snapshot: false };
    await this.deps.db.snapshots.insert({
      ...key,
      t: fetchedAt,
      counts: aggregate.counts,
      byRegion: aggregate.byRegion,
      total: aggregate.total,
    });
    this.written.set(versionId(key), { t: fetchedAt, counts: aggregate.counts, byRegion: aggregate.byRegion });
    return { rows: rows.length, snapshot: true };
  }

  private async snapshotDue(key: VersionKey, aggregate: VersionAggregate, t: number): Promise<boolean> {
    const id = versionId(key);
    let last = this.written.get(id);
    if (last === undefined) {
      // After a restart or a takeover, compare with what is already stored, so a
      // version that did not move gets no duplicate point.
      last = (await this.deps.db.snapshots.latest(key.appId, key.name, key.version)) ?? null;
      this.written.set(id, last);
    }
    if (last === null || !sameCounts(last, aggregate)) return true;
    return inFlightOf(aggregate.counts) > 0 && t - last.t >= (this.deps.heartbeatMs ?? SNAPSHOT_HEARTBEAT_MS);
  }
}

/** Versions swept per cycle at most, whatever the requests: a cycle's cost is bounded. */
export const MAX_WATCHED_VERSIONS = 200;

const REASON_RANK: Record<WatchTarget['reasons'][number], number> = { pushed: 0, viewed: 1 };

/**
 * The targets a cycle sweeps: this dashboard's pushes first, then the most recently
 * viewed versions, at most `max` of them.
 */
export function boundedTargets<T extends Pick<WatchTarget, 'reasons' | 'lastRequestedAt'>>(
  targets: readonly T[],
  max = MAX_WATCHED_VERSIONS,
): T[] {
  if (targets.length <= max) return [...targets];
  const rank = (t: T) => Math.min(...t.reasons.map((r) => REASON_RANK[r]));
  return [...targets].sort((a, b) => rank(a) - rank(b) || b.lastRequestedAt - a.lastRequestedAt).slice(0, max);
}
