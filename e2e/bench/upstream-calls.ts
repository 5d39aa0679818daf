/**
 * Upstream DescribeDataDistResult calls as the number of viewers grows: the watcher
 * (one sweep per interval, reads served from it) against a naive proxy
 * (ENS_NAIVE_PROXY=true: one ENS read per viewer request).
 *
 * Needs a build first (`npx next build`). Run: npx tsx e2e/bench/upstream-calls.ts
 * Env: BENCH_DURATION_S (default 60), BENCH_VIEWERS (default "1,10,100,200"),
 *      BENCH_POLL_MS (default 2000), BENCH_INSTANCES (simulator fleet, default 2000),
 *      BENCH_PARTS (default "viewers,overview"), BENCH_OVERVIEW_INSTANCES (default 100000).
 *
 * The "overview" part measures what an InstanceCount that counts the status group's
 * total saves: one cold overview of every application against a simulator of each
 * reading (--instance-count-scope page, the full sweep; total, one one-row call per
 * version), upstream calls and time, calibration excluded.
 * Everything binds loopback; every child is killed at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DURATION_MS = Number(process.env.BENCH_DURATION_S ?? 60) * 1000;
const VIEWERS = (process.env.BENCH_VIEWERS ?? '1,10,100,200').split(',').map(Number);
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 2000);
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 2000);
const ACTION = 'DescribeDataDistResult';

interface Simulator {
  url: string;
  endpoint: string;
  keyId: string;
  secret: string;
}
interface Version {
  appId: string;
  name: string;
  version: string;
}
interface Level {
  viewers: number;
  calls: number;
  requests: number;
  failures: number;
}

const children: ChildProcess[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Spawns in its own process group, so `npm run` and its children die together. */
function start(command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {}
    }, 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

/** Collects a child's output and resolves once every pattern matched (bounded wait). */
function waitForOutput(child: ChildProcess, patterns: RegExp[], timeoutMs: number): Promise<RegExpMatchArray[]> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(
      () => reject(new Error(`timed out waiting for ${patterns.join(', ')}; output:\n${text.slice(-2000)}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const matches = patterns.map((p) => text.match(p));
      if (matches.every((m) => m !== null)) {
        clearTimeout(timer);
        resolve(matches as RegExpMatchArray[]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before it was ready; output:\n${text.slice(-2000)}`));
    });
  });
}

async function startSimulator(extra: string[] = [], instances = INSTANCES): Promise<Simulator> {
  const port = await freePort();
  const child = start(
    'npm',
    [
      'run',
      'simulator',
      '--',
      '--port',
      String(port),
      '--activity',
      'off',
      '--quiet',
      '--instances',
      String(instances),
      ...extra,
    ],
    process.env,
  );
  const [listening, id, secret] = await waitForOutput(
    child,
    [/listening on (http:\/\/\S+)/, /access key id: (\S+)/, /access key secret: (\S+)/],
    60_000,
  );
  const url = listening![1]!;
  return { url, endpoint: new URL(url).host, keyId: id![1]!, secret: secret![1]! };
}

async function startDashboard(
  sim: Simulator,
  naive: boolean,
  dbDir: string,
): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = start('node_modules/.bin/next', ['start', '-p', String(port), '-H', '127.0.0.1'], {
    ...process.env,
    NODE_ENV: 'production',
    ENS_MODE: 'live',
    ALLOW_UNAUTHENTICATED_LIVE: '1',
    ENS_ENDPOINT: sim.endpoint,
    ENS_PROTOCOL: 'http',
    ALIBABA_CLOUD_ACCESS_KEY_ID: sim.keyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: sim.secret,
    DATABASE_URL: `file:${join(dbDir, naive ? 'naive.db' : 'watcher.db')}`,
    ENS_NAIVE_PROXY: String(naive),
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/api/health`)).ok) return { url, child };
    } catch {}
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('the dashboard did not start');
    await sleep(250);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return (await res.json()) as T;
}

async function upstreamCalls(sim: Simulator): Promise<number> {
  const stats = await getJson<{ calls: Record<string, number> }>(`${sim.url}/__sim/stats`);
  return stats.calls[ACTION] ?? 0;
}

/** A version with instances still distributing, found through the dashboard's own routes. */
async function versionInFlight(dashboard: string): Promise<Version> {
  const { apps } = await getJson<{ apps: { appId: string }[] }>(`${dashboard}/api/apps`);
  for (const { appId } of apps) {
    const { items } = await getJson<{ items: { name: string; version: string; counts: { DISTING: number } }[] }>(
      `${dashboard}/api/apps/${appId}/distribution`,
    );
    const moving = items.find((i) => i.counts.DISTING > 0);
    if (moving) return { appId, name: moving.name, version: moving.version };
  }
  throw new Error('no version is in flight');
}

/** `viewers` pollers, each asking detail and instances every POLL_MS for DURATION_MS. */
async function runViewers(
  dashboard: string,
  version: Version,
  viewers: number,
): Promise<{ requests: number; failures: number }> {
  const q = `name=${encodeURIComponent(version.name)}&version=${encodeURIComponent(version.version)}`;
  const base = `${dashboard}/api/apps/${version.appId}/distribution`;
  const urls = [`${base}/detail?${q}`, `${base}/instances?${q}&pageSize=100`];
  const end = Date.now() + DURATION_MS;
  let requests = 0;
  let failures = 0;
  const viewer = async () => {
    // Viewers open the page at different moments, as real ones do.
    await sleep(Math.random() * POLL_MS);
    while (Date.now() < end) {
      const started = Date.now();
      const answers = await Promise.allSettled(urls.map((u) => fetch(u).then((r) => (r.body?.cancel(), r.ok))));
      requests += answers.length;
      failures += answers.filter((a) => a.status === 'rejected' || !a.value).length;
      await sleep(Math.max(0, POLL_MS - (Date.now() - started)));
    }
  };
  await Promise.all(Array.from({ length: viewers }, viewer));
  return { requests, failures };
}

async function measure(
  sim: Simulator,
  naive: boolean,
  dbDir: string,
  pick: () => Version | undefined,
): Promise<{ version: Version; levels: Level[] }> {
  const dashboard = await startDashboard(sim, naive, dbDir);
  try {
    const version = pick() ?? (await versionInFlight(dashboard.url));
    // One look first, so the watcher knows the version is viewed before the clock starts.
    await fetch(
      `${dashboard.url}/api/apps/${version.appId}/distribution/detail?name=${encodeURIComponent(version.name)}&version=${encodeURIComponent(version.version)}`,
    );
    await sleep(naive ? 0 : 6_000);
    const levels: Level[] = [];
    for (const viewers of VIEWERS) {
      const before = await upstreamCalls(sim);
      const { requests, failures } = await runViewers(dashboard.url, version, viewers);
      const calls = (await upstreamCalls(sim)) - before;
      levels.push({ viewers, calls, requests, failures });
      console.error(
        `${naive ? 'naive  ' : 'watcher'} ${viewers} viewers: ${calls} ${ACTION} calls for ${requests} requests (${failures} failed)`,
      );
    }
    return { version, levels };
  } finally {
    await kill(dashboard.child);
  }
}

function printTable(watcher: Level[], naive: Level[]): void {
  const rows = watcher.map((w, i) => {
    const n = naive[i];
    return {
      viewers: w.viewers,
      'upstream calls': w.calls,
      'calls / viewer': (w.calls / w.viewers).toFixed(2),
      'naive calls': n?.calls ?? NaN,
      'naive calls / viewer': n ? (n.calls / n.viewers).toFixed(2) : '',
      'fewer than naive': n && w.calls > 0 ? `${(n.calls / w.calls).toFixed(1)}×` : '',
      requests: w.requests,
      'failed requests': w.failures + (n?.failures ?? 0),
    };
  });
  console.table(rows);
  const calls = watcher.map((w) => w.calls);
  const spread = (Math.max(...calls) - Math.min(...calls)) / Math.max(1, Math.min(...calls));
  const last = rows.at(-1);
  console.log(`Spread of upstream calls across viewer counts: ${(spread * 100).toFixed(1)} % (goal: within 10 %)`);
  if (last)
    console.log(
      `At ${last.viewers} viewers the watcher makes ${last['fewer than naive']} fewer calls than the naive proxy (goal: ≥ 100×)`,
    );
}

const PARTS = (process.env.BENCH_PARTS ?? 'viewers,overview').split(',');
const OVERVIEW_INSTANCES = Number(process.env.BENCH_OVERVIEW_INSTANCES ?? 100_000);

interface OverviewFigures {
  scope: string;
  apps: number;
  versions: number;
  calls: number;
  ms: number;
}

/** One cold overview of every application, against a simulator whose InstanceCount has `scope`. */
async function measureOverview(scope: 'page' | 'total', dbDir: string): Promise<OverviewFigures> {
  const sim = await startSimulator(['--instance-count-scope', scope], OVERVIEW_INSTANCES);
  const dashboard = await startDashboard(sim, false, join(dbDir, scope));
  try {
    // Calibration on first contact; /diagnostics waits for it, so it is not counted below.
    await fetch(`${dashboard.url}/diagnostics`).then((r) => r.text());
    const { apps } = await getJson<{ apps: { appId: string }[] }>(`${dashboard.url}/api/apps`);
    const before = await upstreamCalls(sim);
    const started = performance.now();
    let versions = 0;
    for (const { appId } of apps) {
      const { items } = await getJson<{ items: unknown[] }>(`${dashboard.url}/api/apps/${appId}/distribution`);
      versions += items.length;
    }
    const ms = Math.round(performance.now() - started);
    return { scope, apps: apps.length, versions, calls: (await upstreamCalls(sim)) - before, ms };
  } finally {
    await kill(dashboard.child);
  }
}

async function main(): Promise<void> {
  const dbDir = mkdtempSync(join(tmpdir(), 'ens-bench-'));
  try {
    if (PARTS.includes('viewers')) {
      const sim = await startSimulator();
      console.error(`simulator at ${sim.url}; ${DURATION_MS / 1000} s per level, viewers ${VIEWERS.join(', ')}`);
      const watched = await measure(sim, false, dbDir, () => undefined);
      console.error(`version: ${watched.version.appId} ${watched.version.name}@${watched.version.version}`);
      const naive = await measure(sim, true, dbDir, () => watched.version);
      printTable(watched.levels, naive.levels);
    }
    if (PARTS.includes('overview')) {
      const figures: OverviewFigures[] = [];
      for (const scope of ['page', 'total'] as const) {
        mkdirSync(join(dbDir, scope), { recursive: true });
        figures.push(await measureOverview(scope, dbDir));
      }
      console.log(`Cold overview of every application at ${OVERVIEW_INSTANCES} instances, by InstanceCount scope:`);
      console.table(
        figures.map((f) => ({
          'InstanceCount scope': f.scope,
          applications: f.apps,
          versions: f.versions,
          [`${ACTION} calls`]: f.calls,
          'time (ms)': f.ms,
        })),
      );
      const [page, total] = figures;
      if (page && total && total.calls > 0)
        console.log(
          `Cheap counts: ${(page.calls / total.calls).toFixed(1)}× fewer upstream calls, ${(page.ms / Math.max(1, total.ms)).toFixed(1)}× faster`,
        );
    }
  } finally {
    await Promise.all(children.map(kill));
    rmSync(dbDir, { recursive: true, force: true });
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void Promise.all(children.map(kill)).finally(() => process.exit(1));
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
