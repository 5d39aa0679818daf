import 'server-only';
import { getConfig, listSetting, type AppConfig } from '@/lib/config';
import type { Db, StoredChannel } from '@/lib/db';
import { getDb } from '@/lib/db/server';
import { createChannelBodySchema, type ChannelView } from '@/lib/contracts/notifications';
import { CHANNEL_KINDS } from '@/lib/domain/notifications';
import { getEnsClient } from '@/lib/ens/client';
import { toInputIssues, type InputIssue } from '@/lib/ens/issues';
import { badRequest, notFound } from '@/lib/server/http';
import { paths } from '@/lib/paths';
import { dashboardBaseUrl } from './link';
import { checkDestination, OutboundRefused, redactUrl, type OutboundPolicy } from './outbound';
import { encryptSecret, secretKey } from './secrets';
import { NotificationSender, type TestOutcome } from './sender';

/* What the channel routes do: create (checked, encrypted), list (no secrets), test, log. */

export function outboundPolicy(config: AppConfig = getConfig()): OutboundPolicy {
  return {
    allowedHosts: listSetting(config.WEBHOOK_ALLOWED_HOSTS).map((h) => h.toLowerCase().replace(/^\[|\]$/g, '')),
    allowLoopback: config.mode === 'simulator',
  };
}

export function createSender(db: Db, log?: { warn(message: string): void }): NotificationSender {
  const config = getConfig();
  return new NotificationSender({
    db,
    policy: () => outboundPolicy(config),
    key: () => secretKey(config, db),
    ...(log ? { log } : {}),
  });
}

function view(channel: StoredChannel): ChannelView {
  return {
    channelId: channel.id,
    kind: CHANNEL_KINDS.find((k) => k === channel.kind) ?? 'webhook',
    name: channel.name,
    url: channel.urlHint,
    hasSecret: channel.secret !== null,
    events: channel.events,
    createdBy: channel.createdBy,
    createdAt: new Date(channel.createdAt).toISOString(),
  };
}

/** 404 for an application ENS does not know (the channel routes answer as the others do). */
async function knownApp(appId: string): Promise<void> {
  await getEnsClient().describeApplication({ appId });
}

export async function createChannel(appId: string, raw: unknown, actor: string): Promise<{ channelId: string }> {
  const parsed = createChannelBodySchema.safeParse(raw);
  if (!parsed.success) throw badRequest(toInputIssues(parsed.error));
  const body = parsed.data;
  const issues: InputIssue[] = [];
  try {
    await checkDestination(body.url, outboundPolicy());
  } catch (error) {
    if (!(error instanceof OutboundRefused)) throw error;
    issues.push({ path: ['url'], message: error.message });
  }
  if (body.kind === 'dingtalk' && body.secret !== undefined && !body.secret.startsWith('SEC'))
    issues.push({ path: ['secret'], message: 'a DingTalk signing secret starts with SEC' });
  if (issues.length > 0) throw badRequest(issues);
  await knownApp(appId);
  const db = await getDb();
  const key = await secretKey(getConfig(), db);
  const channel = await db.notifications.createChannel({
    appId,
    kind: body.kind,
    name: body.name ?? `${body.kind} ${redactUrl(body.url)}`,
    url: encryptSecret(key, body.url),
    urlHint: redactUrl(body.url),
    secret: body.secret === undefined ? null : encryptSecret(key, body.secret),
    events: [...new Set(body.events)],
    createdBy: actor,
  });
  return { channelId: channel.id };
}

export async function listChannels(appId: string): Promise<{ channels: ChannelView[] }> {
  const db = await getDb();
  return { channels: (await db.notifications.listChannels(appId)).map(view) };
}

async function loadChannel(db: Db, appId: string, channelId: string): Promise<StoredChannel> {
  const channel = await db.notifications.getChannel(appId, channelId);
  if (!channel) throw notFound(`No notification channel ${channelId} in application ${appId}.`);
  return channel;
}

export async function deleteChannel(appId: string, channelId: string): Promise<{ deleted: true }> {
  const db = await getDb();
  if (!(await db.notifications.deleteChannel(appId, channelId)))
    throw notFound(`No notification channel ${channelId} in application ${appId}.`);
  return { deleted: true };
}

export async function testChannel(appId: string, channelId: string, actor: string): Promise<TestOutcome> {
  const db = await getDb();
  const channel = await loadChannel(db, appId, channelId);
  return createSender(db).sendTest(channel, actor, `${dashboardBaseUrl()}${paths.notificationSettings(appId)}`);
}

export async function listDeliveries(appId: string, channelId: string) {
  const db = await getDb();
  await loadChannel(db, appId, channelId);
  const attempts = await db.notifications.attempts(channelId);
  return {
    deliveries: attempts.map((a) => ({
      at: new Date(a.at).toISOString(),
      outcome: a.outcome,
      httpStatus: a.httpStatus,
      latencyMs: a.latencyMs,
      error: a.error,
      eventIds: a.eventIds,
      digest: a.digest,
      test: a.test,
    })),
  };
}
