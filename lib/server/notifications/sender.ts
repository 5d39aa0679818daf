import 'server-only';
import type { Db, DueDelivery, JsonValue, StoredChannel } from '@/lib/db';
import { CHANNEL_KINDS, channelWants, type ChannelKind, type Severity } from '@/lib/domain/notifications';
import { answerProblem, buildRequest, eventView, type Message } from './formats';
import { postJson, type OutboundPolicy } from './outbound';
import { decryptSecret } from './secrets';

/*
 * Delivers the outbox, on the leader after each tick: gives new events a delivery per
 * channel that wants them, then sends what is due. A failure is retried with
 * exponential backoff and jitter until 24 h after the event; a channel gets at most
 * RATE_LIMIT messages per window, and when more are due than it may still receive they
 * go as one digest. Delivery is at least once: a crash between the answer and the write
 * sends again, so receivers dedupe by the event id every message carries.
 */

export const RETRY_WINDOW_MS = 24 * 60 * 60_000;
export const FIRST_RETRY_MS = 10_000;
export const MAX_RETRY_MS = 60 * 60_000;
export const DEFAULT_RATE_LIMIT = { messages: 6, windowMs: 60_000 };
/** A digest carries at most this many events; the rest wait for the next one. */
export const MAX_DIGEST_EVENTS = 50;

export interface SenderDeps {
  db: Db;
  /** Wall clock (epoch ms): retries and the rate limit are ours, not ENS's. */
  now?: () => number;
  policy: () => OutboundPolicy;
  /** The key channel secrets are encrypted with. */
  key: () => Promise<Buffer>;
  random?: () => number;
  rateLimit?: { messages: number; windowMs: number };
  log?: { warn(message: string): void };
}

export interface SendReport {
  sent: number;
  failed: number;
  digests: number;
}

export interface TestOutcome {
  outcome: 'sent' | 'failed';
  httpStatus: number | null;
  latencyMs: number;
  error: string | null;
}

/** Delay before attempt `attempts + 1`: 10 s doubling to 1 h, each between half and all of it. */
export function retryDelay(attempts: number, random: () => number): number {
  const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.5 + random() * 0.5));
}

const RANK: Record<string, number> = { info: 0, warning: 1, critical: 2 };

export class NotificationSender {
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly limit: { messages: number; windowMs: number };

  constructor(private readonly deps: SenderDeps) {
    this.now = deps.now ?? Date.now;
    this.random = deps.random ?? Math.random;
    this.limit = deps.rateLimit ?? DEFAULT_RATE_LIMIT;
  }

  async run(): Promise<SendReport> {
    const report: SendReport = { sent: 0, failed: 0, digests: 0 };
    const db = this.deps.db;
    const now = this.now();
    await db.notifications.fanOut(now, (channel, type) => channelWants(channel.events, type));
    const due = await db.notifications.due(now);
    for (const [channelId, deliveries] of due) {
      const first = deliveries[0];
      if (!first) continue;
      const channel = await db.notifications.getChannel(first.event.appId, channelId);
      if (!channel) continue;
      try {
        await this.deliverTo(channel, deliveries, now, report);
      } catch (error) {
        this.deps.log?.warn(
          `notifications: channel ${channelId}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    return report;
  }

  private async deliverTo(channel: StoredChannel, deliveries: DueDelivery[], now: number, report: SendReport) {
    const db = this.deps.db;
    const used = await db.notifications.messagesSince(channel.id, now - this.limit.windowMs);
    const allowance = this.limit.messages - used;
    if (allowance <= 0) return;
    if (deliveries.length <= allowance) {
      for (const delivery of deliveries) {
        const ok = await this.attempt(channel, [delivery], false, now);
        if (ok) report.sent++;
        else {
          report.failed++;
          // The receiver is failing: the rest wait for their own retry rather than pile on.
          return;
        }
      }
      return;
    }
    const batch = deliveries.slice(0, MAX_DIGEST_EVENTS);
    report.digests++;
    if (await this.attempt(channel, batch, true, now)) report.sent += batch.length;
    else report.failed += batch.length;
  }

  /** One message (one event, or a digest of several); true when the receiver took it. */
  private async attempt(channel: StoredChannel, batch: DueDelivery[], digest: boolean, now: number) {
    const db = this.deps.db;
    const message = digest ? digestMessage(channel, batch, now) : single(batch[0]!.event.payload);
    const result = await this.send(channel, message, now);
    const ids = batch.map((d) => d.eventId);
    await db.notifications.recordAttempt({
      channelId: channel.id,
      eventIds: ids,
      at: now,
      outcome: result.outcome,
      httpStatus: result.httpStatus,
      latencyMs: result.latencyMs,
      error: result.error,
      digest,
      test: false,
    });
    if (result.outcome === 'sent') {
      await db.notifications.markSent(channel.id, ids);
      return true;
    }
    for (const d of batch) {
      const attempts = d.attempts + 1;
      const next = now + retryDelay(attempts, this.random);
      await db.notifications.markFailed(
        channel.id,
        d.eventId,
        attempts,
        next - d.createdAt > RETRY_WINDOW_MS ? null : next,
      );
    }
    return false;
  }

  private async send(channel: StoredChannel, message: Message, now: number): Promise<TestOutcome> {
    const kind = channelKind(channel.kind);
    const key = await this.deps.key();
    const url = decryptSecret(key, channel.url);
    const secret = channel.secret === null ? null : decryptSecret(key, channel.secret);
    const request = buildRequest(kind, url, secret, message, now);
    const result = await postJson(request.url, request.headers, request.body, this.deps.policy());
    const problem = result.ok ? answerProblem(kind, result.body) : result.error;
    return {
      outcome: problem === null ? 'sent' : 'failed',
      httpStatus: result.status,
      latencyMs: result.latencyMs,
      error: problem,
    };
  }

  /** "Send test": a test event straight to the channel (not through the outbox), logged. */
  async sendTest(channel: StoredChannel, actor: string, link: string): Promise<TestOutcome> {
    const now = this.now();
    const id = `test.${channel.id}.${now}`;
    const payload: JsonValue = {
      id,
      type: 'test',
      severity: 'info',
      occurredAt: new Date(now).toISOString(),
      appId: channel.appId,
      title: 'Test message from the ENS rollout dashboard',
      text: `Sent by ${actor} from the notification settings: this channel works.`,
      actor,
      link,
    };
    const result = await this.send(channel, single(payload), now);
    await this.deps.db.notifications.recordAttempt({
      channelId: channel.id,
      eventIds: [id],
      at: now,
      outcome: result.outcome,
      httpStatus: result.httpStatus,
      latencyMs: result.latencyMs,
      error: result.error,
      digest: false,
      test: true,
    });
    return result;
  }
}

function channelKind(kind: string): ChannelKind {
  const found = CHANNEL_KINDS.find((k) => k === kind);
  if (!found) throw new Error(`unknown channel kind ${kind}`);
  return found;
}

function single(payload: JsonValue): Message {
  return { payload, events: [eventView(payload)], digest: false };
}

function digestMessage(channel: StoredChannel, batch: DueDelivery[], now: number): Message {
  const events = batch.map((d) => d.event);
  const severity = events.reduce<Severity>(
    (worst, e) => ((RANK[e.severity] ?? 0) > (RANK[worst] ?? 0) ? (e.severity as Severity) : worst),
    'info',
  );
  const payload: JsonValue = {
    id: `digest.${channel.id}.${batch[0]!.eventId}`,
    type: 'digest',
    severity,
    occurredAt: new Date(now).toISOString(),
    appId: channel.appId,
    title: `${events.length} notifications`,
    events: events.map((e) => e.payload),
  };
  return { payload, events: events.map((e) => eventView(e.payload)), digest: true };
}
