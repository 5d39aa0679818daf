import type { Kysely, Selectable, Transaction } from 'kysely';
import { isUniqueViolation } from './errors';
import { newId } from './ids';
import { fromJsonText, toJsonText, toMs } from './json-column';
import { jsonValueSchema, type JsonValue } from './models';
import type { DatabaseSchema, RolloutPlansTable, RolloutsTable } from './schema';

/*
 * Staged rollouts as stored. The plan and the progress are JSON the server layer reads
 * through its own schemas (lib/server/rollouts/model.ts); this layer keeps them whole
 * and guards the three invariants that need the database: one rollout per idempotency
 * key, one active rollout per (application, data file name), and no lost update (every
 * write names the revision it read).
 */

export interface StoredRollout {
  id: string;
  appId: string;
  idempotencyKey: string;
  fingerprint: string;
  names: string[];
  state: string;
  plan: JsonValue;
  progress: JsonValue;
  revision: number;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

export interface RolloutEvent {
  at: number;
  actor: string;
  action: string;
  reason: string;
  stage?: string | undefined;
}

export interface NewRollout {
  appId: string;
  idempotencyKey: string;
  fingerprint: string;
  names: string[];
  state: string;
  plan: JsonValue;
  progress: JsonValue;
  createdBy: string;
  /** The first timeline entry ("created"). */
  event: RolloutEvent;
}

export type CreateRolloutResult =
  | { kind: 'created'; rollout: StoredRollout }
  | { kind: 'existing'; rollout: StoredRollout }
  /** Another active rollout holds one of the names. */
  | { kind: 'conflict'; rolloutId: string; name: string };

export interface RolloutUpdate {
  state: string;
  progress: JsonValue;
  /** Appended to the timeline in the same transaction. */
  events?: readonly RolloutEvent[];
  /** The rollout's story is over: its names are free for a new rollout. */
  releaseNames?: boolean;
}

export interface SavedPlanRecord {
  id: string;
  appId: string;
  name: string;
  stages: JsonValue;
  createdBy: string;
  createdAt: number;
}

/** Events per revision at most: seq = revision × this + position keeps one order without a counter. */
const EVENTS_PER_REVISION = 1_000;

export class RolloutRepository {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly clock: () => number,
  ) {}

  async create(input: NewRollout): Promise<CreateRolloutResult> {
    const existing = await this.getByKey(input.appId, input.idempotencyKey);
    if (existing) return { kind: 'existing', rollout: existing };
    const now = this.clock();
    const row: Selectable<RolloutsTable> = {
      id: newId('ro'),
      app_id: input.appId,
      idempotency_key: input.idempotencyKey,
      fingerprint: input.fingerprint,
      names: toJsonText(input.names),
      state: input.state,
      plan: toJsonText(input.plan),
      progress: toJsonText(input.progress),
      revision: 1,
      created_by: input.createdBy,
      created_at: now,
      updated_at: now,
    };
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx.insertInto('rollouts').values(row).execute();
        for (const name of input.names) {
          await trx.insertInto('rollout_locks').values({ app_id: input.appId, name, rollout_id: row.id }).execute();
        }
        await insertEvents(trx, row.id, 1, [input.event]);
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Either the same key raced us (answer with its rollout) or a name is held.
      const raced = await this.getByKey(input.appId, input.idempotencyKey);
      if (raced) return { kind: 'existing', rollout: raced };
      const holder = await this.db
        .selectFrom('rollout_locks')
        .select(['rollout_id', 'name'])
        .where('app_id', '=', input.appId)
        .where('name', 'in', input.names)
        .executeTakeFirst();
      if (holder) return { kind: 'conflict', rolloutId: holder.rollout_id, name: holder.name };
      throw error;
    }
    return { kind: 'created', rollout: toRollout(row) };
  }

  /** The active rollout holding any of these names, if one does. */
  async holderOf(appId: string, names: readonly string[]): Promise<{ rolloutId: string; name: string } | undefined> {
    if (names.length === 0) return undefined;
    const row = await this.db
      .selectFrom('rollout_locks')
      .select(['rollout_id', 'name'])
      .where('app_id', '=', appId)
      .where('name', 'in', names)
      .executeTakeFirst();
    return row ? { rolloutId: row.rollout_id, name: row.name } : undefined;
  }

  async get(id: string): Promise<StoredRollout | undefined> {
    const row = await this.db.selectFrom('rollouts').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRollout(row) : undefined;
  }

  private async getByKey(appId: string, key: string): Promise<StoredRollout | undefined> {
    const row = await this.db
      .selectFrom('rollouts')
      .selectAll()
      .where('app_id', '=', appId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    return row ? toRollout(row) : undefined;
  }

  /** An application's rollouts, newest first. */
  async list(appId: string | null, filter: { states?: readonly string[]; limit?: number } = {}) {
    let query = this.db.selectFrom('rollouts').selectAll();
    if (appId !== null) query = query.where('app_id', '=', appId);
    if (filter.states && filter.states.length > 0) query = query.where('state', 'in', filter.states);
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(filter.limit ?? 200)
      .execute();
    return rows.map(toRollout);
  }

  /**
   * Writes the new state if nobody wrote since `revision` was read; false when somebody
   * did (the caller reads again and decides again).
   */
  async update(id: string, revision: number, update: RolloutUpdate): Promise<StoredRollout | undefined> {
    const next = revision + 1;
    const now = this.clock();
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .updateTable('rollouts')
        .set({ state: update.state, progress: toJsonText(update.progress), revision: next, updated_at: now })
        .where('id', '=', id)
        .where('revision', '=', revision)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return undefined;
      if (update.events && update.events.length > 0) await insertEvents(trx, id, next, update.events);
      if (update.releaseNames) await trx.deleteFrom('rollout_locks').where('rollout_id', '=', id).execute();
      const row = await trx.selectFrom('rollouts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      return toRollout(row);
    });
  }

  /** The timeline, oldest first. */
  async events(id: string): Promise<RolloutEvent[]> {
    const rows = await this.db
      .selectFrom('rollout_events')
      .selectAll()
      .where('rollout_id', '=', id)
      .orderBy('seq', 'asc')
      .execute();
    return rows.map((r) => ({
      at: toMs(r.at),
      actor: r.actor,
      action: r.action,
      reason: r.reason,
      ...(r.stage === null ? {} : { stage: r.stage }),
    }));
  }

  async savePlan(plan: { appId: string; name: string; stages: JsonValue; createdBy: string }) {
    const row: Selectable<RolloutPlansTable> = {
      id: newId('pl'),
      app_id: plan.appId,
      name: plan.name,
      stages: toJsonText(plan.stages),
      created_by: plan.createdBy,
      created_at: this.clock(),
    };
    // Saving a plan under an existing name replaces it: the builder's "save" is idempotent.
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('rollout_plans').where('app_id', '=', plan.appId).where('name', '=', plan.name).execute();
      await trx.insertInto('rollout_plans').values(row).execute();
    });
    return toPlan(row);
  }

  async listPlans(appId: string): Promise<SavedPlanRecord[]> {
    const rows = await this.db
      .selectFrom('rollout_plans')
      .selectAll()
      .where('app_id', '=', appId)
      .orderBy('name', 'asc')
      .execute();
    return rows.map(toPlan);
  }
}

async function insertEvents(
  trx: Transaction<DatabaseSchema>,
  rolloutId: string,
  revision: number,
  events: readonly RolloutEvent[],
): Promise<void> {
  if (events.length > EVENTS_PER_REVISION) throw new Error('too many timeline entries in one update');
  await trx
    .insertInto('rollout_events')
    .values(
      events.map((e, i) => ({
        rollout_id: rolloutId,
        seq: revision * EVENTS_PER_REVISION + i,
        at: e.at,
        actor: e.actor,
        action: e.action,
        reason: e.reason,
        stage: e.stage ?? null,
      })),
    )
    .execute();
}

const namesSchema = jsonValueSchema.array();

function toRollout(row: Selectable<RolloutsTable>): StoredRollout {
  return {
    id: row.id,
    appId: row.app_id,
    idempotencyKey: row.idempotency_key,
    fingerprint: row.fingerprint,
    names: fromJsonText(namesSchema, row.names, 'rollouts.names').map(String),
    state: row.state,
    plan: fromJsonText(jsonValueSchema, row.plan, 'rollouts.plan'),
    progress: fromJsonText(jsonValueSchema, row.progress, 'rollouts.progress'),
    revision: Number(row.revision),
    createdBy: row.created_by,
    createdAt: toMs(row.created_at),
    updatedAt: toMs(row.updated_at),
  };
}

function toPlan(row: Selectable<RolloutPlansTable>): SavedPlanRecord {
  return {
    id: row.id,
    appId: row.app_id,
    name: row.name,
    stages: fromJsonText(jsonValueSchema, row.stages, 'rollout_plans.stages'),
    createdBy: row.created_by,
    createdAt: toMs(row.created_at),
  };
}
