import type { Kysely, Selectable } from 'kysely';
import { newId } from './ids';
import { fromJsonText, fromNullableJsonText, toJsonText, toMs, toNullableJsonText } from './json-column';
import { jsonValueSchema, type JsonValue, type VersionKey } from './models';
import type { DatabaseSchema, RolloutEventsTable, RolloutsTable } from './schema';

/**
 * The column is unconstrained text so the rollout engine can add states without a
 * migration; this union is the vocabulary it starts with.
 */
export type RolloutState = 'pending' | 'running' | 'paused' | 'awaiting-approval' | 'succeeded' | 'failed' | 'aborted';

/** A staged plan for one version; `plan` is owned by lib/rollouts, stored as given. */
export interface Rollout extends VersionKey {
  id: string;
  plan: JsonValue;
  state: RolloutState;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
}

export interface RolloutEvent {
  id: number;
  rolloutId: string;
  t: number;
  kind: string;
  detail: JsonValue | null;
}

export interface NewRollout extends VersionKey {
  plan: unknown;
  createdBy: string;
  state?: RolloutState;
}

export class RolloutRepository {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly clock: () => number,
  ) {}

  async create(input: NewRollout): Promise<Rollout> {
    const now = this.clock();
    const row: Selectable<RolloutsTable> = {
      id: newId('r'),
      app_id: input.appId,
      name: input.name,
      version: input.version,
      plan: toJsonText(jsonValueSchema.parse(input.plan)),
      state: input.state ?? 'pending',
      created_by: input.createdBy,
      created_at: now,
      updated_at: now,
    };
    await this.db.insertInto('rollouts').values(row).execute();
    return toRollout(row);
  }

  async get(id: string): Promise<Rollout | undefined> {
    const row = await this.db.selectFrom('rollouts').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRollout(row);
  }

  /** Newest first; without appId across applications (the engine's view of active rollouts). */
  async list(query: { appId?: string; states?: readonly RolloutState[]; limit?: number } = {}): Promise<Rollout[]> {
    let select = this.db.selectFrom('rollouts').selectAll();
    if (query.appId !== undefined) select = select.where('app_id', '=', query.appId);
    if (query.states !== undefined) {
      if (query.states.length === 0) return [];
      select = select.where('state', 'in', [...query.states]);
    }
    const rows = await select
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.max(1, Math.min(query.limit ?? 100, 500)))
      .execute();
    return rows.map(toRollout);
  }

  /**
   * Compare-and-set when `from` is given, so two actors (an approval and an abort)
   * cannot both win. Returns the updated rollout, or undefined if nothing matched.
   */
  async updateState(id: string, state: RolloutState, options: { from?: readonly RolloutState[] } = {}): Promise<Rollout | undefined> {
    let update = this.db.updateTable('rollouts').set({ state, updated_at: this.clock() }).where('id', '=', id);
    if (options.from !== undefined) {
      if (options.from.length === 0) return undefined;
      update = update.where('state', 'in', [...options.from]);
    }
    const row = await update.returningAll().executeTakeFirst();
    return row && toRollout(row);
  }

  async appendEvent(rolloutId: string, kind: string, detail?: unknown): Promise<RolloutEvent> {
    const row = await this.db
      .insertInto('rollout_events')
      .values({
        rollout_id: rolloutId,
        t: this.clock(),
        kind,
        detail: toNullableJsonText(detail === undefined ? null : jsonValueSchema.parse(detail)),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toEvent(row);
  }

  /** In the order they were appended. */
  async listEvents(rolloutId: string): Promise<RolloutEvent[]> {
    const rows = await this.db.selectFrom('rollout_events').selectAll().where('rollout_id', '=', rolloutId).orderBy('id').execute();
    return rows.map(toEvent);
  }
}

function toRollout(row: Selectable<RolloutsTable>): Rollout {
  return {
    id: row.id,
    appId: row.app_id,
    name: row.name,
    version: row.version,
    plan: fromJsonText(jsonValueSchema, row.plan, 'rollouts.plan'),
    // Unconstrained column (see RolloutState): trusted as written by this module.
    state: row.state as RolloutState,
    createdBy: row.created_by,
    createdAt: toMs(row.created_at),
    updatedAt: toMs(row.updated_at),
  };
}

function toEvent(row: Selectable<RolloutEventsTable>): RolloutEvent {
  return {
    id: Number(row.id),
    rolloutId: row.rollout_id,
    t: toMs(row.t),
    kind: row.kind,
    detail: fromNullableJsonText(jsonValueSchema, row.detail, 'rollout_events.detail'),
  };
}
