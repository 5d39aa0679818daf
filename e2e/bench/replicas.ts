/**
 * Replicas on one PostgreSQL against one simulator, as an operator would try them:
 * N standalone servers (default 3) in live mode on the simulator; one push with
 * distribution to every region; the leader SIGKILLed mid-distribution. Prints who led,
 * the takeover time (goal: within two intervals), pushes and distributions counted at
 * the simulator (goal: exactly one push, one distribution per region), then watches the
 * followers for BENCH_FOLLOW_S seconds: RSS, PostgreSQL connections per replica and any
 * MaxListenersExceededWarning (goal: flat, none).
 *
 * Needs a build (`npx next build`) and TEST_DATABASE_URL (`eval "$(scripts/ci-postgres.sh)"`).
 * Run: npx tsx e2e/bench/replicas.ts
 * Env: BENCH_REPLICAS (3), BENCH_INTERVAL_S (1), BENCH_FOLLOW_S (120), BENCH_INSTANCES (2000).
 */
import pg from 'pg';
import { postgresEngine } from '../../lib/db/test-engines';
import { startSimulator } from '../../lib/simulator';
import { jsonLines, prepareStandalone, startServer, waitFor, type RunningServer } from '../../deploy/harness';

const REPLICAS = Number(process.env.BENCH_REPLICAS ?? 3);
const INTERVAL_S = Number(process.env.BENCH_INTERVAL_S ?? 1);
const FOLLOW_S = Number(process.env.BENCH_FOLLOW_S ?? 120);
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 2000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function metric(server: RunningServer, name: string): Promise<number> {
  const text = await (await fetch(`${server.url}/api/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : NaN;
}

async function main(): Promise<void> {
  if (!process.env.TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set: eval "$(scripts/ci-postgres.sh)"');
  prepareStandalone();
  const engine = postgresEngine();
  const url = await engine.create();
  const sim = await startSimulator({
    port: 0,
    instances: INSTANCES,
    apps: 2,
    activity: false,
    timeScale: 20,
    seed: 'bench-replicas',
  });
  const replicas: { server: RunningServer; name: string }[] = [];
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  try {
    const start = async (name: string) => {
      const named = new URL(url);
      named.searchParams.set('application_name', name);
      const server = await startServer(
        {
          ENS_MODE: 'live',
          ALLOW_UNAUTHENTICATED_LIVE: '1',
          ENS_ENDPOINT: sim.endpoint,
          ENS_PROTOCOL: 'http',
          ALIBABA_CLOUD_ACCESS_KEY_ID: sim.accessKeyId,
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: sim.accessKeySecret,
          DATABASE_URL: named.toString(),
          WATCH_INTERVAL_SECONDS: String(INTERVAL_S),
        },
        { waitReady: false },
      );
      replicas.push({ server, name });
      return server;
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: REPLICAS }, (_, i) => start(`replica-${i + 1}`)));
    await Promise.all(replicas.map((r) => waitFor(r.server, '/api/health/ready', 180_000)));
    console.log(
      `${REPLICAS} replicas ready together in ${((performance.now() - started) / 1000).toFixed(1)} s (one migration run)`,
    );
    const alive = () => replicas.filter((r) => r.server.child.exitCode === null && r.server.child.signalCode === null);
    const leaders = async () =>
      (
        await Promise.all(alive().map(async (r) => ((await metric(r.server, 'ens_dashboard_leader')) === 1 ? r : null)))
      ).filter((r) => r !== null);
    let lead = await leaders();
    while (lead.length !== 1) {
      await sleep(200);
      lead = await leaders();
    }
    console.log(`leader: ${lead[0]!.name}`);

    const calls = async () =>
      ((await (await fetch(`${sim.url}/__sim/stats`)).json()) as { calls: Record<string, number> }).calls;
    const before = await calls();
    const follower = alive().find((r) => r !== lead[0])!;
    const apps = (await (await fetch(`${follower.server.url}/api/apps`)).json()) as { apps: { appId: string }[] };
    const appId = apps.apps[0]!.appId;
    const regions = (
      (await (await fetch(`${follower.server.url}/api/apps/${appId}/regions`)).json()) as { regions: unknown[] }
    ).regions.length;
    await fetch(`${follower.server.url}/api/apps/${appId}/pushes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        data: [
          {
            name: 'bench.tar.gz',
            version: '1.0.0',
            size: 1024,
            archiveType: 'tar.gz',
            md5: '0123456789abcdef0123456789abcdef',
            url: 'https://artifacts.example.com/b.tar.gz',
            timeout: 600,
          },
        ],
        strategy: null,
        idempotencyKey: `bench-replicas-${Date.now()}`,
        distribute: { destPath: '/data', decompress: true, timeout: 600 },
      }),
    });
    const dist = async () => ((await calls()).DistApplicationData ?? 0) - (before.DistApplicationData ?? 0);
    while ((await dist()) < 1) await sleep(100);
    const killedAt = Date.now();
    lead[0]!.server.child.kill('SIGKILL');
    await lead[0]!.server.exited;
    const atKill = await dist();
    let next = await leaders();
    while (next.length !== 1) {
      await sleep(50);
      next = await leaders();
    }
    const led = jsonLines(next[0]!.server.output()).find(
      (l) => typeof l.msg === 'string' && /this process leads/.test(l.msg),
    );
    console.log(
      `takeover: ${next[0]!.name} led ${Date.parse(String(led?.time)) - killedAt} ms after the SIGKILL (goal ≤ ${2 * INTERVAL_S * 1000} ms); ${atKill}/${regions} regions distributed at the kill`,
    );
    const deadline = Date.now() + 180_000;
    while ((await dist()) < regions && Date.now() < deadline) await sleep(250);
    await sleep(3 * INTERVAL_S * 1000);
    const after = await calls();
    console.log(
      `at the simulator: PushApplicationData ${(after.PushApplicationData ?? 0) - (before.PushApplicationData ?? 0)} (goal 1), DistApplicationData ${(after.DistApplicationData ?? 0) - (before.DistApplicationData ?? 0)} for ${regions} regions (goal equal)`,
    );

    const followers = alive().filter((r) => r !== next[0]);
    const sample = async () =>
      Promise.all(
        followers.map(async (r) => {
          const { rows } = await admin.query<{ n: string }>(
            'select count(*) as n from pg_stat_activity where application_name = $1',
            [r.name],
          );
          return { rss: await metric(r.server, 'process_resident_memory_bytes'), connections: Number(rows[0]!.n) };
        }),
      );
    const first = await sample();
    console.log(`followers for ${FOLLOW_S} s (${Math.round(FOLLOW_S / INTERVAL_S)} intervals):`);
    for (let t = 0; t < FOLLOW_S; t += Math.max(10, FOLLOW_S / 6)) {
      await sleep(Math.max(10, FOLLOW_S / 6) * 1000);
      const now = await sample();
      console.log(
        `  +${Math.round(t + Math.max(10, FOLLOW_S / 6))} s: ${now.map((s, i) => `${followers[i]!.name} RSS ${(s.rss / 2 ** 20).toFixed(0)} MiB, ${s.connections} conn`).join('; ')}`,
      );
    }
    const last = await sample();
    first.forEach((s, i) =>
      console.log(
        `  ${followers[i]!.name}: RSS ${((last[i]!.rss / s.rss - 1) * 100).toFixed(1)} %, connections ${s.connections} → ${last[i]!.connections}`,
      ),
    );
    const warnings = replicas.filter((r) => /MaxListenersExceeded/.test(r.server.output())).map((r) => r.name);
    console.log(`MaxListenersExceededWarning: ${warnings.length === 0 ? 'none' : warnings.join(', ')}`);
  } finally {
    await admin.end();
    for (const r of replicas) await r.server.stop();
    await sim.close();
    await engine.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
