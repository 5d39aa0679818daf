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
  /**
   * WATCH_INTERVAL_SECONDS in ms. Given, a settled version (nothing in flight, nobody
   * viewing it, no rollout judging it) is swept less often: every SETTLED_SWEEP_MS at
   * first, up to every SETTLED_MAX_SWEEP_MS while it stays unchanged. Without it every
   * version is swept every interval (tests that drive sweeps one by one).
   */
  intervalMs?: number;
  /** Versions a rollout judges on every sweep (running or rolling back): never slowed. */
  busy?(): Promise<readonly VersionKey[]>;
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

/** When a version was last read, and what that read said about how often to read it. */
interface Cadence {
  /** The sweep cycle of the last read. */
  cycle: number;
  /** The target's lastRequestedAt when the last read was planned: a later touch wakes the version. */
  requestedAt: number;
  /** Intervals apart its size allows (sweepEvery). */
  sizeEvery: number;
  /** The last read was complete with nothing in flight. */
  settled: boolean;
  /** Settled reads in a row with the same counts (the slow cadence lengthens with it). */
  quietReads: number;
  counts: VersionAggregate['counts'];
  byRegion: VersionAggregate['byRegion'];
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
/** A settled version's first slow cadence, doubling while it stays unchanged… */
export const SETTLED_SWEEP_MS = 60_000;
/** …up to this: it only catches changes made outside the dashboard (the ENS console). */
export const SETTLED_MAX_SWEEP_MS = 5 * 60_000;

/**
 * How many intervals apart a settled version is swept after `quietReads` unchanged
 * settled reads: SETTLED_SWEEP_MS, doubling, at most SETTLED_MAX_SWEEP_MS.
 */
export function settledEvery(quietReads: number, intervalMs: number): number {
  const ms = Math.min(SETTLED_MAX_SWEEP_MS, SETTLED_SWEEP_MS * 2 ** Math.max(0, quietReads - 1));
  return Math.max(1, Math.round(ms / intervalMs));
}

/**
 * One sweep = one DescribeDataDistResult read per due watched version, whoever is looking.
 * Each result goes to the registry (the read routes serve it) and, when the counts
 * changed or an in-flight rollout's heartbeat is due, into a snapshot row.
 *
 * A version is due every interval while something is in flight, someone views it or a
 * rollout judges it; a large one every few intervals (sweepEvery); a settled one every
 * minute or more (settledEvery). Any watch touch after its last read (a push, a
 * distribution or a rollout step writing to it, a first view) makes it due at once.
 */
export class Watcher {
  private readonly registry: WatchRegistry;
  private readonly now: () => number;
  private readonly log: WatchLog;
  /** The last snapshot written per version; null = none exists. Loaded from the DB once. */
  private readonly written = new Map<string, Written | null>();
  private readonly cadence = new Map<string, Cadence>();
  private cycle = 0;

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
    for (const id of this.cadence.keys()) if (!active.has(id)) this.cadence.delete(id);

    const cycle = ++this.cycle;
    // Asked only when a settled cadence exists for it to override.
    const { busy: busyVersions, intervalMs } = this.deps;
    const busy = new Set((busyVersions && intervalMs !== undefined ? await busyVersions() : []).map(versionId));
    const due = targets.filter((target) => this.isDue(target, cycle, busy));
    let snapshots = 0;
    let swept = 0;
    let rowsRead = 0;
    const errors = await forEachLimited(due, this.deps.concurrency ?? DEFAULT_SWEEP_CONCURRENCY, async (target) => {
      const key: VersionKey = { appId: target.appId, name: target.name, version: target.version };
      try {
        const one = await this.sweepOne(target, cycle, busy);
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
    this.cadence.clear();
    this.registry.clear();
  }

  private isDue(target: WatchTarget, cycle: number, busy: Set<string>): boolean {
    const last = this.cadence.get(versionId(target));
    if (!last) return true;
    // Touched since its last read was planned (a push, a distribution, a rollout step, a first
    // view): back to the cadence its size allows, whatever the settled one says.
    const woken = target.lastRequestedAt > last.requestedAt;
    return cycle - last.cycle >= (woken ? last.sizeEvery : this.everyFor(target, busy));
  }

  /** Intervals apart this version is read, from its last read and who wants it now. */
  private everyFor(target: Pick<WatchTarget, 'appId' | 'name' | 'version' | 'reasons'>, busy: Set<string>): number {
    const id = versionId(target);
    const last = this.cadence.get(id);
    if (!last) return 1;
    const { intervalMs } = this.deps;
    const slow = intervalMs !== undefined && last.settled && !target.reasons.includes('viewed') && !busy.has(id);
    return slow ? Math.max(last.sizeEvery, settledEvery(last.quietReads, intervalMs)) : last.sizeEvery;
  }

  /** The rows read, and whether a snapshot was written. */
  private async sweepOne(
    target: WatchTarget,
    cycle: number,
    busy: Set<string>,
  ): Promise<{ rows: number; snapshot: boolean }> {
    const key: VersionKey = { appId: target.appId, name: target.name, version: target.version };
    const started = this.now();
    const rows = await this.deps.load(key);
    const fetchedAt = this.now();
    const aggregate = aggregateRows(key.name, key.version, rows);
    const completeness = completenessOf(rows);
    const id = versionId(key);
    const previous = this.cadence.get(id);
    const settled = completeness.complete && inFlightOf(aggregate.counts) === 0;
    const unchanged = previous?.settled === true && sameCounts(previous, aggregate);
    this.cadence.set(id, {
      cycle,
      requestedAt: target.lastRequestedAt,
      sizeEvery: sweepEvery(rows.length, this.deps.rowsPerInterval),
      settled,
      quietReads: settled ? (unchanged ? previous.quietReads + 1 : 1) : 0,
      counts: aggregate.counts,
      byRegion: aggregate.byRegion,
    });
    const every = this.everyFor(target, busy);
    this.deps.publish?.(key, rows, fetchedAt);
    this.registry.set({ key, rows, aggregate, fetchedAt, every, readMs: fetchedAt - started });
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
