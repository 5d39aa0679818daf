import { z } from 'zod';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { newId } from './ids';
import { fromJsonText, toJsonText, toMs } from './json-column';
import { jsonValueSchema, type JsonValue } from './models';
import type { DatabaseSchema, NotificationAttemptsTable, NotificationChannelsTable } from './schema';

/*
 * Notifications as stored: channels, the outbox, one delivery per (channel, event) and
 * the attempt log. The outbox is written by other repositories inside their own
 * transactions (insertOutbox), so an event exists exactly when what it reports does.
 * Formatting, signing and sending are the server's (lib/server/notifications).
 */

export interface OutboxEntry {
  /** Deterministic where possible (a rollout's revision and position): a second insert is ignored. */
  id: string;
  appId: string;
  type: string;
  severity: string;
  occurredAt: number;
  payload: JsonValue;
}

export interface StoredChannel {
  id: string;
  appId: string;
  kind: string;
  name: string;
  /** Ciphertext (the URL carries the chat's token); only the sender decrypts it. */
  url: string;
  urlHint: string;
  /** Ciphertext; only the sender decrypts it. */
  secret: string | null;
  events: string[];
  createdBy: string;
  createdAt: number;
}

export interface DueDelivery {
  eventId: string;
  attempts: number;
  createdAt: number;
  event: OutboxEntry;
}

export interface DeliveryAttempt {
  id: string;
  channelId: string;
  eventIds: string[];
  at: number;
  outcome: 'sent' | 'failed';
  httpStatus: number | null;
  latencyMs: number;
  error: string | null;
  digest: boolean;
  test: boolean;
}

/** The log keeps this many attempts per channel. */
export const ATTEMPTS_KEPT = 100;

const stringsSchema = z.array(z.string());

export async function insertOutbox(
  trx: Transaction<DatabaseSchema> | Kysely<DatabaseSchema>,
  entries: readonly OutboxEntry[],
  now: number,
): Promise<void> {
  for (const e of entries) {
    await trx
      .insertInto('notification_outbox')
      .values({
        id: e.id,
        app_id: e.appId,
        type: e.type,
        severity: e.severity,
        occurred_at: e.occurredAt,
        payload: toJsonText(e.payload),
        created_at: now,
        dispatched: 0,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
}

export class NotificationRepository {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly clock: () => number,
  ) {}

  async createChannel(input: Omit<StoredChannel, 'id' | 'createdAt'>): Promise<StoredChannel> {
    const row: Selectable<NotificationChannelsTable> = {
      id: newId('ch'),
      app_id: input.appId,
      kind: input.kind,
      name: input.name,
      url: input.url,
      url_hint: input.urlHint,
      secret: input.secret,
      events: toJsonText(input.events),
      created_by: input.createdBy,
      created_at: this.clock(),
    };
    await this.db.insertInto('notification_channels').values(row).execute();
    return toChannel(row);
  }

  async listChannels(appId: string): Promise<StoredChannel[]> {
    const rows = await this.db
      .selectFrom('notification_channels')
      .selectAll()
      .where('app_id', '=', appId)
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .execute();
    return rows.map(toChannel);
  }

  /** Applications with at least one channel: an event about ENS itself goes to each. */
  async appsWithChannels(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('notification_channels')
      .select('app_id')
      .distinct()
      .orderBy('app_id', 'asc')
      .execute();
    return rows.map((r) => r.app_id);
  }

  async getChannel(appId: string, id: string): Promise<StoredChannel | undefined> {
    const row = await this.db
      .selectFrom('notification_channels')
      .selectAll()
      .where('app_id', '=', appId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toChannel(row) : undefined;
  }

  async deleteChannel(appId: string, id: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .deleteFrom('notification_channels')
        .where('app_id', '=', appId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(result.numDeletedRows) !== 1) return false;
      await trx.deleteFrom('notification_deliveries').where('channel_id', '=', id).execute();
      await trx.deleteFrom('notification_attempts').where('channel_id', '=', id).execute();
      return true;
    });
  }

  /** Events outside any other write (a test, a failure seen by the sender itself). */
  enqueue(entries: readonly OutboxEntry[]): Promise<void> {
    return this.db.transaction().execute((trx) => insertOutbox(trx, entries, this.clock()));
  }

  /**
   * Gives each new event a delivery row per channel of its application that wants its
   * type (the primary key makes it once per channel), then marks it dispatched.
   */
  async fanOut(now: number, wants: (channel: StoredChannel, type: string) => boolean): Promise<number> {
    const events = await this.db
      .selectFrom('notification_outbox')
      .select(['id', 'app_id', 'type'])
      .where('dispatched', '=', 0)
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .limit(500)
      .execute();
    if (events.length === 0) return 0;
    const channels = new Map<string, StoredChannel[]>();
    for (const appId of new Set(events.map((e) => e.app_id))) channels.set(appId, await this.listChannels(appId));
    await this.db.transaction().execute(async (trx) => {
      for (const event of events) {
        for (const channel of channels.get(event.app_id) ?? []) {
          if (!wants(channel, event.type)) continue;
          await trx
            .insertInto('notification_deliveries')
            .values({
              channel_id: channel.id,
              event_id: event.id,
              state: 'pending',
              attempts: 0,
              next_at: now,
              created_at: now,
              updated_at: now,
            })
            .onConflict((oc) => oc.columns(['channel_id', 'event_id']).doNothing())
            .execute();
        }
        await trx.updateTable('notification_outbox').set({ dispatched: 1 }).where('id', '=', event.id).execute();
      }
    });
    return events.length;
  }

  /** Pending deliveries whose time has come, per channel, oldest event first. */
  async due(now: number): Promise<Map<string, DueDelivery[]>> {
    const rows = await this.db
      .selectFrom('notification_deliveries as d')
      .innerJoin('notification_outbox as o', 'o.id', 'd.event_id')
      .select([
        'd.channel_id',
        'd.event_id',
        'd.attempts',
        'd.created_at',
        'o.app_id',
        'o.type',
        'o.severity',
        'o.occurred_at',
        'o.payload',
      ])
      .where('d.state', '=', 'pending')
      .where('d.next_at', '<=', now)
      .orderBy('o.occurred_at', 'asc')
      .orderBy('d.event_id', 'asc')
      .limit(1000)
      .execute();
    const byChannel = new Map<string, DueDelivery[]>();
    for (const r of rows) {
      const list = byChannel.get(r.channel_id) ?? [];
      list.push({
        eventId: r.event_id,
        attempts: Number(r.attempts),
        createdAt: toMs(r.created_at),
        event: {
          id: r.event_id,
          appId: r.app_id,
          type: r.type,
          severity: r.severity,
          occurredAt: toMs(r.occurred_at),
          payload: fromJsonText(jsonValueSchema, r.payload, 'notification_outbox.payload'),
        },
      });
      byChannel.set(r.channel_id, list);
    }
    return byChannel;
  }

  async markSent(channelId: string, eventIds: readonly string[]): Promise<void> {
    if (eventIds.length === 0) return;
    await this.db
      .updateTable('notification_deliveries')
      .set({ state: 'sent', updated_at: this.clock() })
      .where('channel_id', '=', channelId)
      .where('event_id', 'in', eventIds)
      .execute();
  }

  /** A failed attempt: try again at `nextAt`, or never (`dead`) once the retry window is over. */
  async markFailed(channelId: string, eventId: string, attempts: number, nextAt: number | null): Promise<void> {
    await this.db
      .updateTable('notification_deliveries')
      .set({
        state: nextAt === null ? 'dead' : 'pending',
        attempts,
        next_at: nextAt ?? this.clock(),
        updated_at: this.clock(),
      })
      .where('channel_id', '=', channelId)
      .where('event_id', '=', eventId)
      .execute();
  }

  /** Logs an attempt and keeps only the channel's last ATTEMPTS_KEPT. */
  async recordAttempt(attempt: Omit<DeliveryAttempt, 'id'>): Promise<void> {
    const row: Selectable<NotificationAttemptsTable> = {
      id: newId('na'),
      channel_id: attempt.channelId,
      event_ids: toJsonText(attempt.eventIds),
      at: attempt.at,
      outcome: attempt.outcome,
      http_status: attempt.httpStatus,
      latency_ms: Math.round(attempt.latencyMs),
      error: attempt.error,
      digest: attempt.digest ? 1 : 0,
      test: attempt.test ? 1 : 0,
    };
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('notification_attempts').values(row).execute();
      const keep = await trx
        .selectFrom('notification_attempts')
        .select('id')
        .where('channel_id', '=', attempt.channelId)
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(ATTEMPTS_KEPT)
        .execute();
      if (keep.length < ATTEMPTS_KEPT) return;
      await trx
        .deleteFrom('notification_attempts')
        .where('channel_id', '=', attempt.channelId)
        .where(
          'id',
          'not in',
          keep.map((k) => k.id),
        )
        .execute();
    });
  }

  /** The delivery log, newest first. */
  async attempts(channelId: string, limit = ATTEMPTS_KEPT): Promise<DeliveryAttempt[]> {
    const rows = await this.db
      .selectFrom('notification_attempts')
      .selectAll()
      .where('channel_id', '=', channelId)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      channelId: r.channel_id,
      eventIds: fromJsonText(stringsSchema, r.event_ids, 'notification_attempts.event_ids'),
      at: toMs(r.at),
      outcome: r.outcome,
      httpStatus: r.http_status === null ? null : Number(r.http_status),
      latencyMs: Number(r.latency_ms),
      error: r.error,
      digest: Number(r.digest) === 1,
      test: Number(r.test) === 1,
    }));
  }

  /** Messages a channel was sent (successfully or not) since `since`: the rate limit counts these. */
  async messagesSince(channelId: string, since: number): Promise<number> {
    const row = await this.db
      .selectFrom('notification_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('channel_id', '=', channelId)
      .where('at', '>=', since)
      .where('test', '=', 0)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** The per-database key (simulator mode without a configured key); created on first use. */
  async localKey(generate: () => string): Promise<string> {
    const existing = await this.db
      .selectFrom('notification_keys')
      .select('key')
      .where('id', '=', 'local')
      .executeTakeFirst();
    if (existing) return existing.key;
    await this.db
      .insertInto('notification_keys')
      .values({ id: 'local', key: generate() })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    const row = await this.db
      .selectFrom('notification_keys')
      .select('key')
      .where('id', '=', 'local')
      .executeTakeFirstOrThrow();
    return row.key;
  }
}

function toChannel(row: Selectable<NotificationChannelsTable>): StoredChannel {
  return {
    id: row.id,
    appId: row.app_id,
    kind: row.kind,
    name: row.name,
    url: row.url,
    urlHint: row.url_hint,
    secret: row.secret,
    events: fromJsonText(stringsSchema, row.events, 'notification_channels.events'),
    createdBy: row.created_by,
    createdAt: toMs(row.created_at),
  };
}
