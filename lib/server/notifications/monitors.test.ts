import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { openDatabase, type Db, type VersionKey } from '@/lib/db';
import { postgresEngine, sqliteEngine, type TestEngine } from '@/lib/db/test-engines';
import type { ChannelKind } from '@/lib/domain/notifications';
import type { EnsClient } from '@/lib/ens/client';
import { paths } from '@/lib/paths';
import { startSimulator, type RunningSimulator } from '@/lib/simulator';
import { WatchRegistry } from '@/lib/server/watcher/registry';
import { advanceSimClock, clientFor, simControl, versionLoader } from '@/lib/server/watcher/test-support';
import { Watcher } from '@/lib/server/watcher/watcher';
import { EnsReachability } from './ens-reachability';
import { FailuresRising } from './failures-rising';
import { encryptSecret } from './secrets';
import { NotificationSender } from './sender';
import { receiver, type Receiver } from './test-receiver';

/*
 * The two notifications judged on the leader, end to end with the real pieces: the
 * simulator over HTTP (a version whose instances fail, ENS made unreachable with its
 * fault controls), the watcher, a real database, the sender and a loopback receiver.
 */

const ENGINES: TestEngine[] = [sqliteEngine(), postgresEngine()];
const KEY = randomBytes(32);
const policy = { allowedHosts: ['127.0.0.1'], allowLoopback: false, timeoutMs: 2000 };
const WINDOW_MS = 10 * 60_000;
const distribute = { destPath: '/root/installed', decompress: true, timeout: 600 };

let sim: RunningSimulator;
let client: EnsClient;
let rx: Receiver;
let apps: string[];

beforeAll(async () => {
  sim = await startSimulator({ port: 0, instances: 400, activity: false });
  client = clientFor(sim, { circuit: false });
  rx = await receiver();
  apps = (await client.listApplications()).apps.map((a) => a.appId);
});
afterAll(async () => {
  await rx?.close();
  await sim?.close();
});

interface Body {
  id: string;
  type: string;
  severity: string;
  appId: string;
  link: string;
  failures?: {
    before: number;
    now: number;
    increase: number;
    total: number;
    windowSeconds: number;
    topReasons: { reason: string; count: number }[];
  };
  ens?: { downSeconds: number; thresholdSeconds: number; reachable: boolean; error?: string };
}

describe.each(ENGINES)('leader-judged notifications on $kind', (engine) => {
  let db: Db;
  let now: number;
  let sender: NotificationSender;

  beforeEach(async (ctx) => {
    if (engine.skipReason) ctx.skip();
    db = await openDatabase(await engine.create());
    now = Date.UTC(2026, 0, 5, 3, 0, 0);
    rx.received = [];
    rx.answer = (r, res) => res.end(r.path.startsWith('/slack') ? 'ok' : '{"errcode":0,"code":0}');
    await simControl(sim, 'reset', {});
    await simControl(sim, 'faults', {});
    sender = new NotificationSender({ db, now: () => now, policy: () => policy, key: async () => KEY });
  });
  afterEach(async () => {
    await simControl(sim, 'faults', {});
    await db?.close();
    await engine.dispose();
  });

  const channel = (appId: string, kind: ChannelKind, events: string[]) =>
    db.notifications.createChannel({
      appId,
      kind,
      name: kind,
      url: encryptSecret(KEY, `${rx.url}/${kind}/${appId}`),
      urlHint: kind,
      secret: null,
      events,
      createdBy: 'ada',
    });
  const bodies = (path: string) =>
    rx.received.filter((r) => r.path === path).map((r) => JSON.parse(r.raw) as Record<string, unknown>);

  test('failures rising: one message per rise, with the numbers of that sweep, in all five formats', async () => {
    const appId = apps[0]!;
    const regions = (await client.describeApplication({ appId })).regionIds;
    // Pre-pushes to all but one node fail: their instances fail as the distribution reaches them.
    const failing = regions.slice(0, -1);
    await simControl(sim, 'push-failures', { regionIds: failing, reason: 'file server disk quota exceeded' });
    const data = { name: `asset-${randomBytes(3).toString('hex')}`, version: 'v2' };
    await client.pushApplicationData({
      appId,
      data: [
        { ...data, size: 1024, archiveType: 'tar.gz', md5: '', url: 'https://files.example.com/a.tgz', timeout: 600 },
      ],
      regionIds: regions,
    });
    await client.distApplicationData({ appId, data: [{ ...distribute, ...data }], regionIds: regions });
    const key: VersionKey = { appId, ...data };
    await db.watchTargets.touch(key, 'pushed', 24 * 3_600_000);
    for (const kind of ['webhook', 'dingtalk', 'feishu', 'wecom', 'slack'] as const)
      await channel(appId, kind, kind === 'webhook' ? ['version.failures_rising'] : ['*']);
    await channel(appId, 'webhook', ['rollout.halted']);

    const registry = new WatchRegistry();
    const rising = new FailuresRising({ minIncrease: 10, windowMs: WINDOW_MS });
    const watcher = new Watcher({
      db,
      registry,
      now: () => now,
      load: versionLoader(client),
      onSwept: async (k, aggregate, at) => {
        const entry = rising.observe({
          key: k,
          at,
          failed: aggregate.counts.FAILED,
          total: aggregate.total,
          failureReasons: aggregate.failureReasons,
        });
        if (entry) await db.notifications.enqueue([entry]);
      },
    });
    const step = async (seconds: number) => {
      await advanceSimClock(sim, seconds);
      now += seconds * 1000;
      await watcher.sweep();
      await sender.run();
      return registry.get(key)!.aggregate;
    };

    const first = await step(0);
    expect(first.counts.FAILED).toBe(0);
    expect(rx.received).toHaveLength(0);
    const risen = await step(3 * 60);
    expect(risen.counts.FAILED).toBeGreaterThanOrEqual(10);
    const [message, ...others] = bodies('/webhook/' + appId) as unknown as Body[];
    expect(others).toHaveLength(0);
    expect(message).toMatchObject({
      type: 'version.failures_rising',
      severity: 'warning',
      appId,
      failures: {
        before: 0,
        now: risen.counts.FAILED,
        increase: risen.counts.FAILED,
        total: risen.total,
        windowSeconds: 600,
        topReasons: risen.failureReasons.slice(0, 3).map((r) => ({ reason: r.statusDescrip, count: r.count })),
      },
    });
    expect(message!.failures!.topReasons[0]!.reason).toMatch(/disk quota exceeded/);
    const link = new URL(message!.link);
    expect(`${link.pathname}${link.search}`).toBe(paths.version(appId, data.name, data.version));
    // Every chat format carries the numbers.
    const numbers = `0 → ${risen.counts.FAILED} of ${risen.total}`;
    for (const kind of ['dingtalk', 'feishu', 'wecom', 'slack']) {
      const sent = bodies(`/${kind}/${appId}`);
      expect(sent, kind).toHaveLength(1);
      expect(JSON.stringify(sent[0]), kind).toContain(numbers);
    }

    // The same rise goes on (or just stays): no second message while it lasts.
    for (let i = 0; i < 4; i++) await step(60);
    expect(bodies('/webhook/' + appId)).toHaveLength(1);
    expect(rx.received.filter((r) => r.path.startsWith('/webhook/') && r.path !== `/webhook/${appId}`)).toHaveLength(0);
  });

  test('ENS unreachable past the threshold: one message to every application that wants it, one when back', async () => {
    const [a, b, c] = apps as [string, string, string];
    await channel(a, 'webhook', ['ens.unreachable', 'ens.recovered']);
    await channel(b, 'slack', ['*']);
    await channel(c, 'webhook', ['rollout.halted']);
    // Retries end quickly: one probe per check, as the health probe's one-second budget does.
    const probing = clientFor(sim, { circuit: false, readDeadlineMs: 200 });
    const monitor = new EnsReachability({
      db,
      now: () => now,
      thresholdMs: 5 * 60_000,
      probe: async () => {
        await probing.describeEnsRegions();
        return { reachable: true };
      },
    });
    const minutes = async (m: number) => {
      now += m * 60_000;
      const type = await monitor.check();
      await sender.run();
      return type;
    };

    expect(await minutes(0)).toBeNull();
    // A short outage sends nothing.
    await simControl(sim, 'faults', { errorRate: 1 });
    expect(await minutes(1)).toBeNull();
    expect(await minutes(3)).toBeNull();
    await simControl(sim, 'faults', {});
    expect(await minutes(1)).toBeNull();
    expect(rx.received).toHaveLength(0);

    await simControl(sim, 'faults', { errorRate: 1 });
    expect(await minutes(1)).toBeNull();
    expect(await minutes(4)).toBeNull();
    expect(await minutes(1)).toBe('ens.unreachable');
    expect(await minutes(1)).toBeNull();
    expect(await minutes(10)).toBeNull();
    const down = bodies(`/webhook/${a}`) as unknown as Body[];
    expect(down).toHaveLength(1);
    expect(down[0]).toMatchObject({
      type: 'ens.unreachable',
      severity: 'critical',
      appId: a,
      ens: { reachable: false, downSeconds: 300, thresholdSeconds: 300 },
    });
    expect(down[0]!.ens!.error).toMatch(/temporary failure|ServiceUnavailable|503/i);
    const slack = bodies(`/slack/${b}`) as { text: string; blocks: { text: { text: string } }[] }[];
    expect(slack).toHaveLength(1);
    expect(slack[0]!.text).toContain('ENS unreachable');
    expect(rx.received.filter((r) => r.path === `/webhook/${c}`)).toHaveLength(0);

    await simControl(sim, 'faults', {});
    expect(await minutes(1)).toBe('ens.recovered');
    expect(await minutes(1)).toBeNull();
    const back = bodies(`/webhook/${a}`) as unknown as Body[];
    expect(back).toHaveLength(2);
    expect(back[1]).toMatchObject({
      type: 'ens.recovered',
      severity: 'info',
      ens: { reachable: true, downSeconds: 17 * 60 },
    });
    const slackBack = bodies(`/slack/${b}`) as { text: string; blocks: { text: { text: string } }[] }[];
    expect(slackBack).toHaveLength(2);
    expect(JSON.stringify(slackBack[1])).toContain('17 m 0 s');
  });
});

test('failures rising re-arms only after a whole window without a new failure', () => {
  const key: VersionKey = { appId: 'a', name: 'f', version: 'v' };
  const rising = new FailuresRising({ minIncrease: 10, windowMs: WINDOW_MS });
  const now = Date.UTC(2026, 0, 5, 3, 0, 0);
  const at = (minutes: number, failed: number, total = 1000) =>
    rising.observe({ key, at: now + minutes * 60_000, failed, total, failureReasons: [] });
  // Failures already there when first seen are the baseline, never a rise.
  expect(at(0, 400)).toBeNull();
  expect(at(1, 405)).toBeNull();
  // Not twice as many as at the window's start: not sharp.
  expect(at(2, 420)).toBeNull();
  expect(at(12, 420)).toBeNull();
  // Twice as many as 10 minutes ago (≥ 420 → 840), and ≥ 10 more: fires once.
  expect(at(13, 850)?.payload).toMatchObject({ failures: { before: 420, now: 850, increase: 430 } });
  expect(at(14, 900)).toBeNull();
  expect(at(20, 2000)).toBeNull();
  // Calm for a whole window (no new failure), then a new rise: a new message.
  expect(at(29, 2000)).toBeNull();
  expect(at(31, 2000)).toBeNull();
  expect(at(41, 4100)?.payload).toMatchObject({ failures: { before: 2000, now: 4100 } });
});
