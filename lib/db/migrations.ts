import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { DialectKind } from './connection';

/**
 * Migrations live in code, not in files read at run time: Next.js bundles the server,
 * so a `migrations/` folder would not exist next to the bundle. Append new entries;
 * never edit one that has shipped. Names sort in the order they must run.
 *
 * Migration functions receive `Kysely<any>` from Kysely's API: the schema they build
 * is what later code types as DatabaseSchema, so it cannot be typed against it.
 */
type MigrationFactory = (kind: DialectKind) => Migration;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
type AnyKysely = Kysely<any>;

const initial: MigrationFactory = (kind) => ({
  async up(db: AnyKysely) {
    await db.schema
      .createTable('pushes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('app_id', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('idempotency_key', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('strategy', 'text')
      .addColumn('distribute', 'text')
      .addColumn('request_id', 'text')
      .addColumn('result_codes', 'text')
      .addColumn('error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      // The idempotency guarantee rests on this constraint, not on a read-then-write.
      .addUniqueConstraint('pushes_app_idempotency_key', ['app_id', 'idempotency_key'])
      .addCheckConstraint('pushes_kind_check', sql`kind in ('push', 'distribute', 'distribution')`)
      .addCheckConstraint('pushes_state_check', sql`state in ('pending', 'sent', 'failed', 'unknown')`)
      .execute();
    await db.schema.createIndex('pushes_app_created').on('pushes').columns(['app_id', 'created_at', 'id']).execute();
    await db.schema.createIndex('pushes_app_actor').on('pushes').columns(['app_id', 'actor', 'created_at']).execute();
    await db.schema.createIndex('pushes_state').on('pushes').column('state').execute();

    await db.schema
      .createTable('push_files')
      .addColumn('push_id', 'text', (c) => c.notNull().references('pushes.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('push_files_pk', ['push_id', 'position'])
      .execute();
    await db.schema.createIndex('push_files_name_version').on('push_files').columns(['name', 'version']).execute();

    await db.schema
      .createTable('push_regions')
      .addColumn('push_id', 'text', (c) => c.notNull().references('pushes.id').onDelete('cascade'))
      .addColumn('region_id', 'text', (c) => c.notNull())
      .addColumn('push_status', 'text')
      .addColumn('dist_state', 'text', (c) => c.notNull())
      .addColumn('dist_request_id', 'text')
      .addColumn('dist_result_codes', 'text')
      .addColumn('error', 'text')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('push_regions_pk', ['push_id', 'region_id'])
      .addCheckConstraint(
        'push_regions_dist_state_check',
        sql`dist_state in ('waiting', 'distributing', 'sent', 'skipped', 'failed')`,
      )
      .execute();
    await db.schema.createIndex('push_regions_dist_state').on('push_regions').column('dist_state').execute();

    await db.schema
      .createTable('status_snapshots')
      .addColumn('app_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('t', 'bigint', (c) => c.notNull())
      .addColumn('counts', 'text', (c) => c.notNull())
      .addColumn('by_region', 'text', (c) => c.notNull())
      .addColumn('total', 'integer', (c) => c.notNull())
      // The key doubles as the (app_id, name, version, t) index that history and thin scan.
      .addPrimaryKeyConstraint('status_snapshots_pk', ['app_id', 'name', 'version', 't'])
      .execute();
    await db.schema.createIndex('status_snapshots_t').on('status_snapshots').column('t').execute();

    await db.schema
      .createTable('watch_targets')
      .addColumn('app_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('last_requested_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('watch_targets_pk', ['app_id', 'name', 'version', 'reason'])
      .addCheckConstraint('watch_targets_reason_check', sql`reason in ('pushed', 'viewed', 'rollout')`)
      .execute();
    await db.schema.createIndex('watch_targets_expires_at').on('watch_targets').column('expires_at').execute();

    await db.schema
      .createTable('rollouts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('app_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('plan', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('rollouts_app_created')
      .on('rollouts')
      .columns(['app_id', 'created_at', 'id'])
      .execute();
    await db.schema.createIndex('rollouts_state').on('rollouts').column('state').execute();

    await db.schema
      .createTable('rollout_events')
      .addColumn('id', kind === 'postgres' ? 'bigint' : 'integer', (c) =>
        kind === 'postgres' ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey().autoIncrement(),
      )
      .addColumn('rollout_id', 'text', (c) => c.notNull().references('rollouts.id').onDelete('cascade'))
      .addColumn('t', 'bigint', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('detail', 'text')
      .execute();
    await db.schema.createIndex('rollout_events_rollout').on('rollout_events').columns(['rollout_id', 'id']).execute();
  },
});

/** The rollout tables of the first schema were never used; a later plan brings its own. */
const dropUnusedRollouts: MigrationFactory = () => ({
  async up(db) {
    await db.schema.dropTable('rollout_events').ifExists().execute();
    await db.schema.dropTable('rollouts').ifExists().execute();
  },
});

/** Additive: one row per ENS endpoint, what calibration found about its dialect. */
const ensCalibrations: MigrationFactory = () => ({
  async up(db) {
    await db.schema
      .createTable('ens_calibrations')
      .addColumn('endpoint', 'text', (c) => c.primaryKey())
      .addColumn('dialect', 'text', (c) => c.notNull())
      .addColumn('report', 'text', (c) => c.notNull())
      .addColumn('calibrated_at', 'bigint', (c) => c.notNull())
      .execute();
  },
});

/** API tokens for automation: only a hash of each token is stored. */
const apiTokens: MigrationFactory = () => ({
  async up(db) {
    await db.schema
      .createTable('api_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('app_id', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint')
      .addColumn('last_used_at', 'bigint')
      .addColumn('revoked_at', 'bigint')
      .addColumn('revoked_by', 'text')
      .addCheckConstraint('api_tokens_role_check', sql`role in ('viewer', 'operator', 'approver', 'admin')`)
      .execute();
    await db.schema.createIndex('api_tokens_created').on('api_tokens').columns(['created_at', 'id']).execute();
  },
});

/**
 * Staged rollouts: the plan and the engine's progress as JSON (read through the
 * server's schemas), a revision for optimistic updates, the decision timeline, one
 * lock row per (application, data file name) so two active rollouts of the same file
 * cannot exist, and plans saved per application.
 */
const stagedRollouts: MigrationFactory = () => ({
  async up(db) {
    await db.schema
      .createTable('rollouts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('app_id', 'text', (c) => c.notNull())
      .addColumn('idempotency_key', 'text', (c) => c.notNull())
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('names', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('plan', 'text', (c) => c.notNull())
      .addColumn('progress', 'text', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('rollouts_app_idempotency_key', ['app_id', 'idempotency_key'])
      .execute();
    await db.schema.createIndex('rollouts_app_created').on('rollouts').columns(['app_id', 'created_at']).execute();
    await db.schema.createIndex('rollouts_state').on('rollouts').columns(['state']).execute();
    await db.schema
      .createTable('rollout_events')
      .addColumn('rollout_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('stage', 'text')
      .addPrimaryKeyConstraint('rollout_events_pk', ['rollout_id', 'seq'])
      .execute();
    await db.schema
      .createTable('rollout_locks')
      .addColumn('app_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('rollout_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('rollout_locks_pk', ['app_id', 'name'])
      .execute();
    await db.schema
      .createTable('rollout_plans')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('app_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('stages', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('rollout_plans_app_name', ['app_id', 'name'])
      .execute();
  },
});

/** Additive: which version-page action a push was (widen, retry, clean...); null for older rows. */
const pushActions: MigrationFactory = () => ({
  async up(db) {
    await db.schema
      .alterTable('pushes')
      .addColumn('action', 'text', (c) =>
        c.check(
          sql`action is null or action in ('widen', 'retry-failed', 'retry-prepush', 'distribute-pushed', 'clean')`,
        ),
      )
      .execute();
  },
});

/**
 * Notifications: channels per application (the secret encrypted), the outbox of
 * events written in the same transaction as what they report, one delivery row per
 * (channel, event) so an event reaches a channel once, and the attempt log.
 */
const notifications: MigrationFactory = () => ({
  async up(db) {
    await db.schema
      .createTable('notification_channels')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('app_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('url_hint', 'text', (c) => c.notNull())
      .addColumn('secret', 'text')
      .addColumn('events', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('notification_channels_app').on('notification_channels').column('app_id').execute();
    await db.schema
      .createTable('notification_outbox')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('app_id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('occurred_at', 'bigint', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('dispatched', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('notification_outbox_dispatched')
      .on('notification_outbox')
      .columns(['dispatched', 'created_at'])
      .execute();
    await db.schema
      .createTable('notification_deliveries')
      .addColumn('channel_id', 'text', (c) => c.notNull())
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_at', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('notification_deliveries_pk', ['channel_id', 'event_id'])
      .addCheckConstraint('notification_deliveries_state_check', sql`state in ('pending', 'sent', 'dead')`)
      .execute();
    await db.schema
      .createIndex('notification_deliveries_due')
      .on('notification_deliveries')
      .columns(['state', 'next_at'])
      .execute();
    await db.schema
      .createTable('notification_attempts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('channel_id', 'text', (c) => c.notNull())
      .addColumn('event_ids', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('http_status', 'integer')
      .addColumn('latency_ms', 'integer', (c) => c.notNull())
      .addColumn('error', 'text')
      .addColumn('digest', 'integer', (c) => c.notNull())
      .addColumn('test', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('notification_attempts_channel_at')
      .on('notification_attempts')
      .columns(['channel_id', 'at'])
      .execute();
    // Simulator mode without NOTIFY_SECRET_KEY: a key generated once per database.
    await db.schema
      .createTable('notification_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('key', 'text', (c) => c.notNull())
      .execute();
  },
});

const MIGRATIONS: ReadonlyArray<readonly [string, MigrationFactory]> = [
  ['0001_initial', initial],
  ['0002_drop_unused_rollouts', dropUnusedRollouts],
  ['0003_ens_calibrations', ensCalibrations],
  ['0004_api_tokens', apiTokens],
  ['0005_staged_rollouts', stagedRollouts],
  ['0006_push_actions', pushActions],
  ['0008_notifications', notifications],
];

class InCodeMigrationProvider implements MigrationProvider {
  constructor(private readonly kind: DialectKind) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(MIGRATIONS.map(([name, factory]) => [name, factory(this.kind)]));
  }
}

/**
 * Brings the schema up to date. Safe to run from several processes at once: Kysely
 * takes a lock (an advisory lock on PostgreSQL, a lock row on SQLite) around it.
 */
export async function migrateToLatest(db: AnyKysely, kind: DialectKind): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: new InCodeMigrationProvider(kind),
    // On PostgreSQL the bookkeeping tables go to the connection's current schema:
    // without this Kysely looks for them in any schema and, finding another schema's,
    // skips creating its own (it matters for per-test schemas and shared clusters).
    migrationTableSchema: kind === 'postgres' ? await currentSchema(db) : undefined,
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error !== undefined || failed) {
    const what = failed ? `migration ${failed.migrationName} failed` : 'migration failed';
    throw new Error(`Database ${what}`, { cause: error });
  }
}

/**
 * Migrations this code knows that the database has not run (empty: up to date). The
 * readiness probe asks it: a replica whose schema is behind must not take traffic.
 * Every migration is additive (new tables, new nullable columns, new indexes), so an
 * older replica keeps working on a newer schema during a rolling upgrade.
 */
export async function pendingMigrations(db: AnyKysely, kind: DialectKind): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: new InCodeMigrationProvider(kind),
    migrationTableSchema: kind === 'postgres' ? await currentSchema(db) : undefined,
  });
  const migrations = await migrator.getMigrations();
  return migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
}

async function currentSchema(db: AnyKysely): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('PostgreSQL has no current schema: the search_path names no existing schema');
  return schema;
}
