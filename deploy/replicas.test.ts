import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { postgresEngine } from '@/lib/db/test-engines';
import { startSimulator, type RunningSimulator } from '@/lib/simulator';
import { jsonLines, prepareStandalone, startServer, waitFor, type RunningServer } from './harness';

/*
 * The scale-out path: three standalone servers on one PostgreSQL against one ENS (the
 * simulator, over HTTP). Exactly one leads; SIGKILL the leader in the middle of a
 * push-then-distribute and another takes over within two intervals; nothing is sent
 * twice (counted at the simulator); every replica serves the same numbers; a restarted
 * replica rejoins as a follower; followers hold flat resources; a SIGTERM'd leader
 * hands over at once.
 */
const engine = postgresEngine();
if (engine.skipReason) console.log(`deploy/replicas test skipped: ${engine.skipReason}`);

const INTERVAL_S = 1;

interface SimStats {
  calls: Record<string, number>;
}

describe.skipIf(engine.skipReason !== null)('replicas on one PostgreSQL', () => {
  let sim: RunningSimulator;
  let url: string;
  const replicas: RunningServer[] = [];

  beforeAll(async () => {
    prepareStandalone();
    // Pre-pushes take seconds, not minutes, so a distribution is under way when the leader dies.
    sim = await startSimulator({ port: 0, instances: 600, apps: 2, activity: false, timeScale: 20, seed: 'replicas' });
    url = await engine.create();
  }, 60_000);

  afterAll(async () => {
    for (const r of replicas) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    await sim?.close();
    await engine.dispose();
  });

  // Each replica names its connections, so pg_stat_activity can count them per replica.
  function replicaEnv(name: string): Record<string, string> {
    const named = new URL(url);
    named.searchParams.set('application_name', name);
    return {
      ENS_MODE: 'live',
      // A loopback simulator stands in for ENS: no one else can reach these ports.
      ALLOW_UNAUTHENTICATED_LIVE: '1',
      ENS_ENDPOINT: sim.endpoint,
      ENS_PROTOCOL: 'http',
      ALIBABA_CLOUD_ACCESS_KEY_ID: sim.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: sim.accessKeySecret,
      DATABASE_URL: named.toString(),
      WATCH_INTERVAL_SECONDS: String(INTERVAL_S),
    };
  }

  const names = new Map<RunningServer, string>();

  async function start(): Promise<RunningServer> {
    const name = `replica-${replicas.length + 1}`;
    const server = await startServer(replicaEnv(name), { waitReady: false });
    replicas.push(server);
    names.set(server, name);
    return server;
  }

  const alive = () => replicas.filter((r) => r.child.exitCode === null && r.child.signalCode === null);

  async function metric(server: RunningServer, name: string): Promise<number> {
    const text = await (await fetch(`${server.url}/api/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return line ? Number(line.split(' ')[1]) : Number.NaN;
  }

  async function leaders(): Promise<RunningServer[]> {
    const flags = await Promise.all(
      alive().map(async (r) => ((await metric(r, 'ens_dashboard_leader')) === 1 ? r : null)),
    );
    return flags.filter((r): r is RunningServer => r !== null);
  }

  async function until<T>(
    probe: () => Promise<T | null | undefined | false>,
    what: string,
    timeoutMs = 60_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline)
        throw new Error(
          `timed out waiting for ${what}\n${replicas.map((r) => r.output().slice(-3000)).join('\n---\n')}`,
        );
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function simStats(): Promise<SimStats> {
    return (await (await fetch(`${sim.url}/__sim/stats`)).json()) as SimStats;
  }

  async function connections(of: RunningServer[]): Promise<number> {
    const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string }>(
        'select count(*) as n from pg_stat_activity where application_name = any($1::text[])',
        [of.map((r) => names.get(r)!)],
      );
      return Number(rows[0]!.n);
    } finally {
      await client.end();
    }
  }

  test('started together: the schema is migrated once, and exactly one replica leads', async () => {
    await Promise.all([start(), start(), start()]);
    await Promise.all(replicas.map((r) => waitFor(r, '/api/health/ready', 120_000)));
    await until(async () => (await leaders()).length === 1, 'one leader');
    // Several intervals later, still exactly one.
    await new Promise((r) => setTimeout(r, 3 * INTERVAL_S * 1000));
    expect(await leaders()).toHaveLength(1);
    for (const r of replicas) expect(r.output()).not.toMatch(/migration .* failed|MaxListenersExceeded/);
  });

  // Its own waits add up to over four minutes on a busy machine: the default 120 s
  // would cut the wait for the remaining regions short.
  test('the leader killed mid-distribution: a follower takes over within two intervals, nothing is sent twice', async () => {
    const [leader] = await leaders();
    const follower = alive().find((r) => r !== leader)!;
    const apps = (await (await fetch(`${follower.url}/api/apps`)).json()) as { apps: { appId: string }[] };
    const appId = apps.apps[0]!.appId;
    const regions = (await (await fetch(`${follower.url}/api/apps/${appId}/regions`)).json()) as { regions: unknown[] };
    const before = await simStats();

    // Pushed through a follower: any replica takes writes; the leader distributes.
    const push = await fetch(`${follower.url}/api/apps/${appId}/pushes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        data: [
          {
            name: 'replicas.tar.gz',
            version: '1.0.0',
            size: 1024,
            archiveType: 'tar.gz',
            md5: '0123456789abcdef0123456789abcdef',
            url: 'https://artifacts.example.com/r.tar.gz',
            timeout: 600,
          },
        ],
        strategy: null,
        idempotencyKey: 'replicas-push-1',
        distribute: { destPath: '/data', decompress: true, timeout: 600 },
      }),
    });
    expect(push.status).toBe(201);

    // Wait until the leader has distributed to some regions, not all, then kill it.
    const distributed = async () =>
      ((await simStats()).calls.DistApplicationData ?? 0) - (before.calls.DistApplicationData ?? 0);
    await until(async () => (await distributed()) >= 1, 'a first distribution', 90_000);
    const killedAt = Date.now();
    leader!.child.kill('SIGKILL');
    await leader!.exited;
    const partial = await distributed();

    const next = await until(async () => (await leaders())[0], 'a new leader');
    const ledLine = jsonLines(next.output()).find((l) => typeof l.msg === 'string' && /this process leads/.test(l.msg));
    const takeoverMs = Date.parse(String(ledLine?.time)) - killedAt;
    console.log(
      `failover: a follower led ${takeoverMs} ms after the leader was killed (${partial} of ${regions.regions.length} regions distributed by then)`,
    );
    expect(takeoverMs).toBeLessThanOrEqual(2 * INTERVAL_S * 1000);

    // Every region is distributed exactly once, whoever sent it.
    await until(async () => (await distributed()) >= regions.regions.length, 'every region distributed', 120_000);
    await new Promise((r) => setTimeout(r, 3 * INTERVAL_S * 1000));
    const after = await simStats();
    expect((after.calls.PushApplicationData ?? 0) - (before.calls.PushApplicationData ?? 0)).toBe(1);
    expect((after.calls.DistApplicationData ?? 0) - (before.calls.DistApplicationData ?? 0)).toBe(
      regions.regions.length,
    );
  }, 300_000);

  test('every replica serves the same numbers, and a restarted one rejoins as a follower', async () => {
    const restarted = await start();
    await waitFor(restarted, '/api/health/ready', 120_000);
    await new Promise((r) => setTimeout(r, 3 * INTERVAL_S * 1000));
    expect(await metric(restarted, 'ens_dashboard_leader')).toBe(0);
    expect(await leaders()).toHaveLength(1);

    const first = alive()[0]!;
    const apps = (await (await fetch(`${first.url}/api/apps`)).json()) as { apps: { appId: string }[] };
    const appId = apps.apps[0]!.appId;
    const view = async (r: RunningServer) => {
      const body = (await (await fetch(`${r.url}/api/apps/${appId}/distribution`)).json()) as {
        items: { name: string; version: string; total: number; counts: unknown }[];
      };
      return body.items
        .map(({ name, version, total, counts }) => ({ name, version, total, counts }))
        .sort((a, b) => `${a.name}@${a.version}`.localeCompare(`${b.name}@${b.version}`));
    };
    // Nothing moves any more (no activity, every distribution done): one answer for all.
    await until(async () => {
      const views = await Promise.all(alive().map(view));
      return views.every((v) => JSON.stringify(v) === JSON.stringify(views[0])) && views[0]!.length > 0;
    }, 'the same numbers on every replica');
    for (const r of alive()) {
      for (const path of ['/apps', `/apps/${appId}`, `/apps/${appId}/history`])
        expect((await fetch(r.url + path)).status, `${path} on ${r.port}`).toBe(200);
    }
  });

  test('followers hold flat resources over many intervals', async () => {
    const [leader] = await leaders();
    const followers = alive().filter((r) => r !== leader);
    expect(followers.length).toBeGreaterThanOrEqual(2);
    const rss = (r: RunningServer) => metric(r, 'process_resident_memory_bytes');
    const startRss = await Promise.all(followers.map(rss));
    const startConnections = await connections(followers);
    await new Promise((r) => setTimeout(r, 20 * INTERVAL_S * 1000));
    const endRss = await Promise.all(followers.map(rss));
    const endConnections = await connections(followers);
    console.log(
      `followers over 20 intervals: RSS ${startRss.map((b) => Math.round(b / 2 ** 20))} → ${endRss.map((b) => Math.round(b / 2 ** 20))} MiB; connections ${startConnections} → ${endConnections}`,
    );
    for (const r of followers) expect(r.output()).not.toMatch(/MaxListenersExceeded/);
    expect(endConnections).toBeLessThanOrEqual(startConnections);
    endRss.forEach((bytes, i) => expect(bytes).toBeLessThan(startRss[i]! * 1.15));
  });

  test('SIGTERM on the leader releases the lock: a follower leads at its next attempt', async () => {
    const [leader] = await leaders();
    const stoppedAt = Date.now();
    leader!.child.kill('SIGTERM');
    expect(await leader!.exited).toEqual({ code: 0, signal: null });
    const next = await until(async () => (await leaders())[0], 'a new leader');
    const ledLine = jsonLines(next.output())
      .filter((l) => typeof l.msg === 'string' && /this process leads/.test(l.msg))
      .at(-1);
    const takeoverMs = Date.parse(String(ledLine?.time)) - stoppedAt;
    console.log(`handover: a follower led ${takeoverMs} ms after SIGTERM to the leader`);
    expect(takeoverMs).toBeLessThanOrEqual(2 * INTERVAL_S * 1000);
  });
});
