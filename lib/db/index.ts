import type { Kysely } from 'kysely';
import { connect, parseDatabaseUrl, type DialectKind } from './connection';
import { DistributionRepository } from './distribution-repository';
import { AdvisoryLockLeadership, SingleProcessLeadership, type Leadership } from './leadership';
import { migrateToLatest, pendingMigrations } from './migrations';
import { PushRepository } from './push-repository';
import { RolloutRepository } from './rollout-repository';
import type { DatabaseSchema } from './schema';
import { SnapshotRepository } from './snapshot-repository';
import { TokenRepository } from './token-repository';
import { WatchTargetRepository } from './watch-target-repository';

/**
 * The database layer. Deliberately free of `import 'server-only'` so Vitest and
 * plain Node scripts can load it; the start-up code that opens it is server-only.
 */
export interface Db extends Leadership {
  kysely: Kysely<DatabaseSchema>;
  kind: DialectKind;
  pushes: PushRepository;
  distributions: DistributionRepository;
  snapshots: SnapshotRepository;
  watchTargets: WatchTargetRepository;
  tokens: TokenRepository;
  rollouts: RolloutRepository;
  /** Releases the leadership, then closes the connection(s). Safe to call twice. */
  close(): Promise<void>;
  /** Whether the database answers and its schema is this code's: the readiness probe. */
  checkReady(): Promise<{ reachable: boolean; pendingMigrations: string[]; error?: string }>;
}

export interface OpenDatabaseOptions {
  /** Epoch-ms clock for createdAt/updatedAt/expiry; tests inject a fake one. */
  clock?: () => number;
}

/** The fixed key the leading replica holds ("ENSD"). */
export const DEFAULT_LEADER_LOCK_KEY = 0x454e5344;

/**
 * Opens SQLite (`file:…`, a path, `:memory:`) or PostgreSQL (`postgres://…`) and
 * brings the schema up to date before returning.
 */
export async function openDatabase(url: string, options: OpenDatabaseOptions = {}): Promise<Db> {
  const { kysely, kind, pool } = connect(parseDatabaseUrl(url));
  try {
    await migrateToLatest(kysely, kind);
  } catch (error) {
    await kysely.destroy();
    throw error;
  }
  const clock = options.clock ?? Date.now;
  const leadership: Leadership = pool ? new AdvisoryLockLeadership(pool) : new SingleProcessLeadership();
  let closing: Promise<void> | undefined;
  return {
    kysely,
    kind,
    pushes: new PushRepository(kysely, clock),
    distributions: new DistributionRepository(kysely, clock),
    snapshots: new SnapshotRepository(kysely),
    watchTargets: new WatchTargetRepository(kysely, clock),
    tokens: new TokenRepository(kysely, clock),
    rollouts: new RolloutRepository(kysely, clock),
    tryAcquireLeadership: (lockKey) => leadership.tryAcquireLeadership(lockKey),
    releaseLeadership: () => leadership.releaseLeadership(),
    isLeader: () => leadership.isLeader(),
    async checkReady() {
      try {
        return { reachable: true, pendingMigrations: await pendingMigrations(kysely, kind) };
      } catch (error) {
        const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : 'error';
        return { reachable: false, pendingMigrations: [], error: `the database did not answer (${code})` };
      }
    },
    close() {
      // The leader's client is checked out of the pool; ending the pool would wait for it.
      closing ??= leadership.releaseLeadership().finally(() => kysely.destroy());
      return closing;
    },
  };
}

export { DEFAULT_DATABASE_URL, parseDatabaseUrl, type DatabaseTarget, type DialectKind } from './connection';
export { InvalidCursorError, isInvalidCursorError, isUniqueViolation } from './errors';
export type { Leadership } from './leadership';
export * from './models';
export type { DatabaseSchema, WatchReason } from './schema';
export {
  DEFAULT_PAGE_SIZE,
  MAX_HISTORY_PAGE,
  PushRepository,
  type CreatePendingResult,
  type NewPush,
  type Push,
  type PushListQuery,
  type PushPage,
} from './push-repository';
export { DistributionRepository, type RegionDistribution, type RegionResult } from './distribution-repository';
export { SnapshotRepository, THINNING_TIERS, type StatusSnapshot } from './snapshot-repository';
export { WatchTargetRepository, type WatchTarget } from './watch-target-repository';
export { CalibrationRepository, type StoredCalibration } from './calibration-repository';
export { TokenRepository, type ApiToken, type NewApiToken } from './token-repository';
export {
  RolloutRepository,
  type CreateRolloutResult,
  type NewRollout,
  type RolloutEvent,
  type RolloutUpdate,
  type SavedPlanRecord,
  type StoredRollout,
} from './rollout-repository';
