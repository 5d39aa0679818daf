import { insertOutbox, type OutboxEntry } from './notification-repository';
import type { Kysely, Selectable } from 'kysely';
import { decodeCursor, encodeCursor } from './cursor';
import { isUniqueViolation } from './errors';
import { newId } from './ids';
import { fromJsonText, fromNullableJsonText, toJsonText, toMs, toNullableJsonText } from './json-column';
import {
  storedDistributeOptionsSchema,
  fileResultCodesSchema,
  jsonValueSchema,
  pushDataSchema,
  recordedErrorSchema,
  type DistributeOptions,
  type FileResultCode,
  type JsonValue,
  type PushDataFile,
  type RecordedError,
} from './models';
import type { DatabaseSchema, PushesTable } from './schema';
import type { PushAction, PushKind, PushState } from '@/lib/domain/push-states';

/** One entry of the push audit log. */
/** Builds the notifications of a push's new state (lib/server/notifications/push-events.ts). */
export type Notify = (push: Push) => readonly OutboxEntry[];

export interface Push {
  id: string;
  appId: string;
  actor: string;
  /** 'distribute' when the push carries distribute options (push, then distribute per region). */
  kind: PushKind;
  /** The version-page action it was, if any (a clean is kind 'distribution', action 'clean'). */
  action: PushAction | null;
  idempotencyKey: string;
  state: PushState;
  data: PushDataFile[];
  strategy: JsonValue | null;
  distribute: DistributeOptions | null;
  requestId: string | null;
  resultCodes: FileResultCode[] | null;
  error: RecordedError | null;
  createdAt: number;
  updatedAt: number;
}

export interface NewPush {
  appId: string;
  actor: string;
  /** Required: a route that receives none should mint one, so every row has one. */
  idempotencyKey: string;
  data: readonly PushDataFile[];
  strategy?: unknown;
  distribute?: DistributeOptions | null;
  /** Only for a DistApplicationData on its own; otherwise derived from `distribute`. */
  kind?: 'distribution';
  action?: PushAction | null;
}

export type CreatePendingResult = { created: true; push: Push } | { created: false; push: Push };

export interface PushListQuery {
  appId: string;
  /** Matches pushes with any file of this name (and version, if given). */
  name?: string;
  version?: string;
  actor?: string;
  /** `nextCursor` of the previous page. */
  before?: string;
  limit?: number;
}

export interface PushPage {
  pushes: Push[];
  nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_HISTORY_PAGE = 200;

/** States from which an ENS answer may still be recorded (see markSent). */
const ANSWERABLE_STATES: PushState[] = ['pending', 'unknown'];

export class PushRepository {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly clock: () => number,
  ) {}

  /**
   * Writes the audit row before ENS is called. The (app_id, idempotency_key) unique
   * constraint decides between concurrent callers, on any number of replicas: the
   * one whose insert commits creates, every other one gets the violation and is
   * handed the winner's row (whatever state it has reached by then).
   */
  async createPending(input: NewPush): Promise<CreatePendingResult> {
    const row = this.newRow(input);
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx.insertInto('pushes').values(row).execute();
        await trx
          .insertInto('push_files')
          .values(
            parsedFiles(row).map((f, position) => ({ push_id: row.id, position, name: f.name, version: f.version })),
          )
          .execute();
      });
      return { created: true, push: toPush(row) };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.getByIdempotencyKey(input.appId, input.idempotencyKey);
      if (!existing) throw error;
      return { created: false, push: existing };
    }
  }

  /**
   * Records ENS's answer. Also accepted from 'unknown': a late answer is better than
   * no answer (another replica's start-up may have marked a live push unknown).
   * Returns undefined when there is no pending/unknown push with that id.
   */
  async markSent(
    id: string,
    answer: { requestId: string; resultCodes: readonly FileResultCode[] },
  ): Promise<Push | undefined> {
    return this.finish(id, {
      state: 'sent',
      request_id: answer.requestId,
      result_codes: toJsonText(fileResultCodesSchema.parse(answer.resultCodes)),
    });
  }

  /** `notify` builds the notifications of the failure, written in the same transaction. */
  async markFailed(id: string, error: RecordedError, notify?: Notify): Promise<Push | undefined> {
    const recorded = recordedErrorSchema.parse(error);
    const values = { state: 'failed' as const, request_id: recorded.requestId ?? null, error: toJsonText(recorded) };
    return notify ? this.finishNotifying(id, values, notify) : this.finish(id, values);
  }

  /** No answer arrived (timeout, dropped connection): whether ENS acted is unknown. */
  async markUnknown(id: string, error: RecordedError, notify?: Notify): Promise<Push | undefined> {
    const recorded = recordedErrorSchema.parse(error);
    const values = { state: 'unknown' as const, request_id: recorded.requestId ?? null, error: toJsonText(recorded) };
    return notify ? this.finishNotifying(id, values, notify) : this.finish(id, values);
  }

  private finishNotifying(
    id: string,
    values: Pick<PushesTable, 'state' | 'request_id' | 'error'>,
    notify: Notify,
  ): Promise<Push | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('pushes')
        .set({ ...values, updated_at: this.clock() })
        .where('id', '=', id)
        .where('state', 'in', ANSWERABLE_STATES)
        .returningAll()
        .executeTakeFirst();
      if (!row) return undefined;
      const push = toPush(row);
      await insertOutbox(trx, notify(push), this.clock());
      return push;
    });
  }

  /**
   * failed → pending for another attempt under the same key, after a transient failure.
   * Conditional on the row being as the caller read it, so of concurrent retries exactly
   * one gets the row back; the others get undefined and replay what they find. The
   * recorded error stays, holding the earlier attempts.
   */
  async reopenForRetry(push: Pick<Push, 'id' | 'updatedAt'>): Promise<Push | undefined> {
    const row = await this.db
      .updateTable('pushes')
      .set({ state: 'pending', updated_at: Math.max(this.clock(), push.updatedAt + 1) })
      .where('id', '=', push.id)
      .where('state', '=', 'failed')
      .where('updated_at', '=', push.updatedAt)
      .returningAll()
      .executeTakeFirst();
    return row && toPush(row);
  }

  /**
   * Start-up recovery: a pending row means the process died between the audit write
   * and ENS's answer, so whether ENS received the push is unknown. With replicas,
   * pass `createdBefore` (now minus the ENS request deadline) so pushes another
   * replica has in flight are left alone. Returns how many rows changed.
   */
  async markPendingAsUnknown(options: { createdBefore?: number } = {}): Promise<number> {
    let query = this.db
      .updateTable('pushes')
      .set({ state: 'unknown', updated_at: this.clock() })
      .where('state', '=', 'pending');
    if (options.createdBefore !== undefined) query = query.where('created_at', '<', options.createdBefore);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async get(id: string): Promise<Push | undefined> {
    const row = await this.db.selectFrom('pushes').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toPush(row);
  }

  async getByIdempotencyKey(appId: string, idempotencyKey: string): Promise<Push | undefined> {
    const row = await this.db
      .selectFrom('pushes')
      .selectAll()
      .where('app_id', '=', appId)
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
    return row && toPush(row);
  }

  /** Newest first; throws InvalidCursorError for a `before` it did not produce. */
  async list(query: PushListQuery): Promise<PushPage> {
    const limit = clampLimit(query.limit);
    let select = this.db.selectFrom('pushes').selectAll().where('app_id', '=', query.appId);
    if (query.actor !== undefined) select = select.where('actor', '=', query.actor);
    if (query.name !== undefined || query.version !== undefined) {
      const { name, version } = query;
      select = select.where((eb) => {
        let files = eb
          .selectFrom('push_files')
          .select('push_files.push_id')
          .whereRef('push_files.push_id', '=', 'pushes.id');
        if (name !== undefined) files = files.where('push_files.name', '=', name);
        if (version !== undefined) files = files.where('push_files.version', '=', version);
        return eb.exists(files);
      });
    }
    if (query.before !== undefined) {
      const after = decodeCursor(query.before);
      select = select.where((eb) =>
        eb.or([
          eb('created_at', '<', after.createdAt),
          eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)]),
        ]),
      );
    }
    const rows = await select
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    const pushes = rows.slice(0, limit).map(toPush);
    const last = pushes.at(-1);
    return { pushes, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  }

  private newRow(input: NewPush): Selectable<PushesTable> {
    const now = this.clock();
    const distribute = input.distribute ? storedDistributeOptionsSchema.parse(input.distribute) : null;
    const strategy =
      input.strategy === undefined || input.strategy === null ? null : jsonValueSchema.parse(input.strategy);
    return {
      id: newId('p'),
      app_id: input.appId,
      actor: input.actor,
      kind: input.kind ?? (distribute ? 'distribute' : 'push'),
      action: input.action ?? null,
      idempotency_key: input.idempotencyKey,
      state: 'pending',
      data: toJsonText(pushDataSchema.parse(input.data)),
      strategy: toNullableJsonText(strategy),
      distribute: toNullableJsonText(distribute),
      request_id: null,
      result_codes: null,
      error: null,
      created_at: now,
      updated_at: now,
    };
  }

  private async finish(
    id: string,
    values: Pick<PushesTable, 'state' | 'request_id'> & Partial<Pick<PushesTable, 'result_codes' | 'error'>>,
  ): Promise<Push | undefined> {
    const row = await this.db
      .updateTable('pushes')
      .set({ ...values, updated_at: this.clock() })
      .where('id', '=', id)
      .where('state', 'in', ANSWERABLE_STATES)
      .returningAll()
      .executeTakeFirst();
    return row && toPush(row);
  }
}

function parsedFiles(row: Selectable<PushesTable>): PushDataFile[] {
  return fromJsonText(pushDataSchema, row.data, 'pushes.data');
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_PAGE_SIZE;
  return Math.min(MAX_HISTORY_PAGE, Math.max(1, Math.trunc(limit)));
}

export function toPush(row: Selectable<PushesTable>): Push {
  return {
    id: row.id,
    appId: row.app_id,
    actor: row.actor,
    kind: row.kind,
    action: row.action ?? null,
    idempotencyKey: row.idempotency_key,
    state: row.state,
    data: parsedFiles(row),
    strategy: fromNullableJsonText(jsonValueSchema, row.strategy, 'pushes.strategy'),
    distribute: fromNullableJsonText(storedDistributeOptionsSchema, row.distribute, 'pushes.distribute'),
    requestId: row.request_id,
    resultCodes: fromNullableJsonText(fileResultCodesSchema, row.result_codes, 'pushes.result_codes'),
    error: fromNullableJsonText(recordedErrorSchema, row.error, 'pushes.error'),
    createdAt: toMs(row.created_at),
    updatedAt: toMs(row.updated_at),
  };
}
