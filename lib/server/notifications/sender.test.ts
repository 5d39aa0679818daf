import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { openDatabase, type Db, type JsonValue, type OutboxEntry } from '@/lib/db';
import { postgresEngine, sqliteEngine, type TestEngine } from '@/lib/db/test-engines';
import type { ChannelKind } from '@/lib/domain/notifications';
import { checkDestination, OutboundRefused, type OutboundPolicy } from './outbound';
import { encryptSecret } from './secrets';
import { NotificationSender, RETRY_WINDOW_MS } from './sender';
import { receiver, type Receiver } from './test-receiver';

/*
 * The sender against local receivers on loopback standing in for each chat service,
 * each checking the signature the way that service documents it (computed here, not
 * with the code under test), and a real database.
 */

const KEY = randomBytes(32);
const policy: OutboundPolicy = { allowedHosts: ['127.0.0.1'], allowLoopback: false, timeoutMs: 2000 };
const APP = 'app-notify';
const ENGINES: TestEngine[] = [sqliteEngine(), postgresEngine()];

let rx: Receiver;
beforeAll(async () => {
  rx = await receiver();
});
afterAll(async () => {
  await rx.close();
});

function haltEvent(id = `ro_test.${randomBytes(4).toString('hex')}.0`, at = 1_700_000_000_000): OutboxEntry {
  const payload: JsonValue = {
    id,
    type: 'rollout.halted',
    severity: 'critical',
    occurredAt: new Date(at).toISOString(),
    appId: APP,
    title: 'Rollout halted: app.pak v2',
    text: 'Stage canary halted: 7 of 40 finished instances failed',
    actor: 'engine',
    reason: 'Stage canary halted: 7 of 40 finished instances failed',
    link: 'https://dash.example.com/apps/app-notify/rollouts/ro_test',
    gate: { finished: 40, failed: 7, failureLimit: 2, finishedPct: 80, successPct: 82.5, population: 50 },
  };
  return { id, appId: APP, type: 'rollout.halted', severity: 'critical', occurredAt: at, payload };
}

describe.each(ENGINES)('notifications on $kind', (engine) => {
  let db: Db;
  let now: number;
  let sender: NotificationSender;

  beforeEach(async (ctx) => {
    if (engine.skipReason) ctx.skip();
    db = await openDatabase(await engine.create());
    now = 1_700_000_000_000;
    rx.received = [];
    rx.answer = (_r, res) => res.end('{}');
    sender = new NotificationSender({
      db,
      now: () => now,
      policy: () => policy,
      key: async () => KEY,
      random: () => 0.5,
    });
  });
  afterEach(async () => {
    await db?.close();
    await engine.dispose();
  });

  async function channel(kind: ChannelKind, path: string, secret: string | null, events = ['*']) {
    const url = `${rx.url}${path}`;
    return db.notifications.createChannel({
      appId: APP,
      kind,
      name: kind,
      url: encryptSecret(KEY, url),
      urlHint: url,
      secret: secret === null ? null : encryptSecret(KEY, secret),
      events,
      createdBy: 'ada',
    });
  }

  const hmac = (key: string, data: string) => createHmac('sha256', key).update(data).digest();
  const same = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);

  test('generic webhook: the event JSON, signed t=<unix>,v1=<hex HMAC of "<t>.<body>">', async () => {
    const secret = 'whsec-test-123';
    await channel('webhook', '/hook', secret);
    const event = haltEvent();
    await db.notifications.enqueue([event]);
    expect(await sender.run()).toMatchObject({ sent: 1, failed: 0 });
    expect(rx.received).toHaveLength(1);
    const r = rx.received[0]!;
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(r.headers['x-signature']));
    expect(match).not.toBeNull();
    const [, t, v1] = match!;
    expect(Number(t)).toBe(Math.floor(now / 1000));
    expect(same(Buffer.from(v1!, 'hex'), hmac(secret, `${t}.${r.raw}`))).toBe(true);
    const body = JSON.parse(r.raw) as Record<string, unknown>;
    expect(body).toMatchObject({
      id: event.id,
      type: 'rollout.halted',
      severity: 'critical',
      appId: APP,
      gate: { failed: 7, failureLimit: 2 },
    });
    expect(typeof body.occurredAt).toBe('string');
  });

  test('DingTalk: markdown, timestamp (ms) and sign = base64(HMAC(secret, "<ts>\\n<secret>")) in the query', async () => {
    const secret = 'SECabcdef0123456789';
    await channel('dingtalk', '/robot/send?access_token=tok', secret);
    rx.answer = (r, res) => {
      const ts = r.query.get('timestamp') ?? '';
      const ok = same(Buffer.from(r.query.get('sign') ?? '', 'base64'), hmac(secret, `${ts}\n${secret}`));
      res.end(JSON.stringify(ok ? { errcode: 0, errmsg: 'ok' } : { errcode: 310000, errmsg: 'sign not match' }));
    };
    await db.notifications.enqueue([haltEvent()]);
    expect(await sender.run()).toMatchObject({ sent: 1, failed: 0 });
    const r = rx.received[0]!;
    expect(r.query.get('access_token')).toBe('tok');
    expect(Number(r.query.get('timestamp'))).toBe(now);
    const body = JSON.parse(r.raw) as { msgtype: string; markdown: { title: string; text: string } };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.text).toContain('7 failed (limit 2), 40 of 50 finished (80%)');
    expect(body.markdown.text).toContain('(https://dash.example.com/apps/app-notify/rollouts/ro_test)');
  });

  test('Feishu/Lark: an interactive card, timestamp (s) and sign = base64(HMAC(key "<ts>\\n<secret>", "")) in the body', async () => {
    const secret = 'feishu-secret';
    await channel('feishu', '/open-apis/bot/v2/hook/abc', secret);
    rx.answer = (r, res) => {
      const body = JSON.parse(r.raw) as { timestamp?: string; sign?: string };
      const ok = same(Buffer.from(body.sign ?? '', 'base64'), hmac(`${body.timestamp}\n${secret}`, ''));
      res.end(JSON.stringify(ok ? { code: 0, msg: 'success' } : { code: 19021, msg: 'sign match fail' }));
    };
    await db.notifications.enqueue([haltEvent()]);
    expect(await sender.run()).toMatchObject({ sent: 1, failed: 0 });
    const body = JSON.parse(rx.received[0]!.raw) as { msg_type: string; timestamp: string; card: unknown };
    expect(body.msg_type).toBe('interactive');
    expect(Number(body.timestamp)).toBe(Math.floor(now / 1000));
    expect(JSON.stringify(body.card)).toContain('7 failed (limit 2)');
  });

  test('a service that answers 200 with an error code (a bad signature) is a failed delivery', async () => {
    await channel('feishu', '/open-apis/bot/v2/hook/abc', 'right-secret');
    rx.answer = (_r, res) => res.end(JSON.stringify({ code: 19021, msg: 'sign match fail' }));
    await db.notifications.enqueue([haltEvent()]);
    expect(await sender.run()).toMatchObject({ sent: 0, failed: 1 });
    const [channelRow] = await db.notifications.listChannels(APP);
    const [log] = await db.notifications.attempts(channelRow!.id);
    expect(log).toMatchObject({ outcome: 'failed', httpStatus: 200, error: expect.stringContaining('19021') });
  });

  test('WeCom: markdown content; Slack: blocks with a text fallback', async () => {
    await channel('wecom', '/cgi-bin/webhook/send?key=k', null);
    await channel('slack', '/services/T/B/x', null);
    rx.answer = (r, res) => res.end(r.path.startsWith('/services') ? 'ok' : JSON.stringify({ errcode: 0 }));
    await db.notifications.enqueue([haltEvent()]);
    expect(await sender.run()).toMatchObject({ sent: 2, failed: 0 });
    const wecom = JSON.parse(rx.received.find((r) => r.path.startsWith('/cgi-bin'))!.raw) as {
      msgtype: string;
      markdown: { content: string };
    };
    expect(wecom.msgtype).toBe('markdown');
    expect(wecom.markdown.content).toContain('7 failed (limit 2)');
    const slack = JSON.parse(rx.received.find((r) => r.path.startsWith('/services'))!.raw) as {
      text: string;
      blocks: { type: string; text: { text: string } }[];
    };
    expect(slack.text).toContain('Rollout halted');
    expect(slack.blocks.map((b) => b.text.text).join('\n')).toContain(
      '<https://dash.example.com/apps/app-notify/rollouts/ro_test|Open the rollout>',
    );
  });

  test('a channel gets only the events it chose', async () => {
    await channel('webhook', '/approvals-only', null, ['rollout.awaiting_approval']);
    await db.notifications.enqueue([haltEvent()]);
    await sender.run();
    expect(rx.received).toHaveLength(0);
  });

  test('a receiver that fails for a while gets the message after it recovers, exactly once', async () => {
    await channel('webhook', '/flaky', 's');
    let failures = 3;
    rx.answer = (_r, res) => {
      if (failures-- > 0) res.writeHead(503).end('down');
      else res.end('{}');
    };
    const event = haltEvent();
    await db.notifications.enqueue([event]);
    // Not due again before its backoff: 10 s then 20 s then 40 s (×0.75 with this jitter).
    expect(await sender.run()).toMatchObject({ failed: 1 });
    expect(await sender.run()).toMatchObject({ sent: 0, failed: 0 });
    for (let i = 0; i < 10; i++) {
      now += 60_000;
      await sender.run();
    }
    const bodies = rx.received.map((r) => (JSON.parse(r.raw) as { id: string }).id);
    expect(bodies).toEqual([event.id, event.id, event.id, event.id]);
    // Enqueued again (a replay of the same event id): not sent again.
    await db.notifications.enqueue([event]);
    now += 60_000;
    await sender.run();
    expect(rx.received).toHaveLength(4);
    const [ch] = await db.notifications.listChannels(APP);
    const log = await db.notifications.attempts(ch!.id);
    expect(log.map((a) => a.outcome)).toEqual(['sent', 'failed', 'failed', 'failed']);
    expect(log[1]).toMatchObject({ httpStatus: 503, error: 'HTTP 503' });
  });

  test('retries stop 24 h after the event', async () => {
    await channel('webhook', '/down', null);
    rx.answer = (_r, res) => res.writeHead(500).end();
    await db.notifications.enqueue([haltEvent()]);
    const start = now;
    while (now - start <= RETRY_WINDOW_MS + 2 * 3_600_000) {
      await sender.run();
      now += 30 * 60_000;
    }
    const count = rx.received.length;
    now += 3_600_000;
    await sender.run();
    expect(rx.received).toHaveLength(count);
    const row = await db.kysely.selectFrom('notification_deliveries').selectAll().executeTakeFirstOrThrow();
    expect(row.state).toBe('dead');
  });

  test('a burst becomes one digest instead of flooding the channel', async () => {
    await channel('webhook', '/burst', 's');
    await db.notifications.enqueue(Array.from({ length: 20 }, (_, i) => haltEvent(`burst.${i}`, now + i)));
    expect(await sender.run()).toMatchObject({ digests: 1, sent: 20 });
    expect(rx.received).toHaveLength(1);
    const digest = JSON.parse(rx.received[0]!.raw) as { type: string; severity: string; events: { id: string }[] };
    expect(digest.type).toBe('digest');
    expect(digest.severity).toBe('critical');
    expect(digest.events.map((e) => e.id)).toEqual(Array.from({ length: 20 }, (_, i) => `burst.${i}`));
    now += 60_000;
    await sender.run();
    expect(rx.received).toHaveLength(1);
  });

  test('within the rate limit each event is its own message; past it they wait', async () => {
    await channel('webhook', '/steady', null);
    for (let i = 0; i < 6; i++) {
      await db.notifications.enqueue([haltEvent(`steady.${i}`)]);
      await sender.run();
      now += 1_000;
    }
    expect(rx.received).toHaveLength(6);
    // The 7th inside the same minute waits for the window, then goes alone.
    await db.notifications.enqueue([haltEvent('steady.6')]);
    await sender.run();
    expect(rx.received).toHaveLength(6);
    now += 60_000;
    await sender.run();
    expect(rx.received.map((r) => (JSON.parse(r.raw) as { id: string }).id).at(-1)).toBe('steady.6');
  });

  test('at send: a host that now resolves to a private address is refused, nothing is sent', async () => {
    let answer = '93.184.216.34';
    const rebinding: OutboundPolicy = {
      allowedHosts: [],
      allowLoopback: false,
      resolve: async () => [{ address: answer, family: 4 }],
    };
    // Saved while the name pointed at a public address…
    await expect(checkDestination('https://hooks.example.com/x', rebinding)).resolves.toBeDefined();
    const ch = await db.notifications.createChannel({
      appId: APP,
      kind: 'webhook',
      name: 'rebinding',
      url: encryptSecret(KEY, 'https://hooks.example.com/x'),
      urlHint: 'https://hooks.example.com/x',
      secret: null,
      events: ['*'],
      createdBy: 'ada',
    });
    // …then the DNS answers a private one.
    answer = '10.0.0.7';
    const guarded = new NotificationSender({ db, now: () => now, policy: () => rebinding, key: async () => KEY });
    await db.notifications.enqueue([haltEvent()]);
    expect(await guarded.run()).toMatchObject({ sent: 0, failed: 1 });
    const [log] = await db.notifications.attempts(ch.id);
    expect(log?.error).toMatch(/^refused: resolves to a loopback, private or link-local address \(10\.0\.0\.7\)/);
  });

  test('at send: a redirect (to a private address) is not followed', async () => {
    await channel('webhook', '/redirect', null);
    rx.answer = (_r, res) => res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
    await db.notifications.enqueue([haltEvent()]);
    expect(await sender.run()).toMatchObject({ failed: 1 });
    expect(rx.received).toHaveLength(1);
    const [ch] = await db.notifications.listChannels(APP);
    const [log] = await db.notifications.attempts(ch!.id);
    expect(log).toMatchObject({ httpStatus: 302, error: expect.stringMatching(/^redirect refused/) });
  });

  test('the delivery log keeps the last 100 attempts of a channel', async () => {
    const ch = await channel('webhook', '/log', null);
    for (let i = 0; i < 105; i++)
      await db.notifications.recordAttempt({
        channelId: ch.id,
        eventIds: [`e${i}`],
        at: now + i,
        outcome: 'sent',
        httpStatus: 200,
        latencyMs: 3,
        error: null,
        digest: false,
        test: false,
      });
    const log = await db.notifications.attempts(ch.id, 1000);
    expect(log).toHaveLength(100);
    expect(log[0]!.eventIds).toEqual(['e104']);
    expect(log.at(-1)!.eventIds).toEqual(['e5']);
  });
});

describe('outbound checks', () => {
  const strict: OutboundPolicy = { allowedHosts: [], allowLoopback: false };
  const refused = async (url: string, p: OutboundPolicy = strict) => {
    const error = await checkDestination(url, p).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboundRefused);
    return (error as Error).message;
  };

  test('refuses http, private, loopback, link-local and mapped addresses; allows listed hosts', async () => {
    expect(await refused('http://93.184.216.34/x')).toMatch(/https/);
    for (const host of [
      '10.1.2.3',
      '192.168.1.1',
      '172.20.0.1',
      '127.0.0.1',
      '169.254.169.254',
      '[::1]',
      '[fe80::1]',
      '[fd00::1]',
      '[::ffff:10.0.0.1]',
      '0.0.0.0',
      '100.64.0.1',
    ])
      expect(await refused(`https://${host}/x`)).toMatch(/loopback, private or link-local/);
    await expect(checkDestination('https://93.184.216.34/x', strict)).resolves.toBeDefined();
    // A name with one private address among public ones is refused: every address is checked.
    const mixed: OutboundPolicy = {
      ...strict,
      resolve: async () => [
        { address: '93.184.216.34', family: 4 },
        { address: '192.168.0.5', family: 4 },
      ],
    };
    expect(await refused('https://mixed.example.com/', mixed)).toMatch(/192\.168\.0\.5/);
    const listed: OutboundPolicy = { allowedHosts: ['10.1.2.3'], allowLoopback: false };
    await expect(checkDestination('http://10.1.2.3/x', listed)).resolves.toBeDefined();
    // Simulator mode: loopback over http, but still no private address.
    const sim: OutboundPolicy = { allowedHosts: [], allowLoopback: true };
    await expect(checkDestination('http://127.0.0.1:9/x', sim)).resolves.toBeDefined();
    expect(await refused('http://10.0.0.1/x', sim)).toMatch(/https/);
    expect(await refused('ftp://example.com/x')).toMatch(/https/);
  });
});
