/**
 * Soak: 200 simulated viewers polling the overview and a version page, plus 5 pushes a
 * minute, for 10 minutes against a 20,000-instance fleet with background activity,
 * all on loopback. The standalone server runs as the image runs it (deploy/harness.ts),
 * in simulator mode with its embedded simulator on a known port.
 *
 * Needs a build first (`npx next build`). Run:
 *   npx tsx e2e/bench/soak.ts                 # 10 minutes
 *   SOAK_MINUTES=1 npx tsx e2e/bench/soak.ts  # the short mode
 * Env: SOAK_MINUTES (10), SOAK_VIEWERS (200), SOAK_INSTANCES (20000), SOAK_POLL_MS (5000, the pages' own rhythm),
 *      SOAK_PUSHES_PER_MINUTE (5), SOAK_WARMUP_S (60, under the full load), SOAK_PROFILE (a directory for the
 *      server's CPU profile).
 * Prints: errors (goal 0); p50/p99 per route (goal p99 < 100 ms for reads served from
 * the watcher); server RSS, the median of the first, middle and last minutes' samples
 * after the warm-up (goal: growth < 10 %); upstream calls per minute (goal: flat); the
 * event loop's worst delay per 5 s window; how many slow answers follow a push; database
 * size growth.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, prepareStandalone, startServer, type RunningServer } from '../../deploy/harness';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const VIEWERS = Number(process.env.SOAK_VIEWERS ?? 200);
const INSTANCES = Number(process.env.SOAK_INSTANCES ?? 20_000);
// The live pages poll every 5 s while visible (POLL_VISIBLE_MS, lib/client/polling.ts).
const POLL_MS = Number(process.env.SOAK_POLL_MS ?? 5_000);
const PUSHES_PER_MINUTE = Number(process.env.SOAK_PUSHES_PER_MINUTE ?? 5);
const PRIME_MS = 10_000;
const WARMUP_MS = Number(process.env.SOAK_WARMUP_S ?? 60) * 1000;
const DURATION_MS = MINUTES * 60_000;

const latencies = new Map<string, number[]>();
/** When each answer slower than the goal arrived (epoch ms), to see what the tail follows. */
const slowAt: number[] = [];
const pushAt: number[] = [];
const TAIL_MS = 100;
const errors = new Map<string, number>();
let stopping = false;
let measureFrom = Infinity;

function record(route: string, ms: number, ok: boolean, what?: string): void {
  if (stopping || Date.now() < measureFrom) return;
  const list = latencies.get(route) ?? [];
  list.push(ms);
  latencies.set(route, list);
  if (ms > TAIL_MS && route.startsWith('GET')) slowAt.push(Date.now());
  if (!ok) errors.set(`${route}: ${what}`, (errors.get(`${route}: ${what}`) ?? 0) + 1);
}

let notModified = 0;

async function timed(route: string, url: string, init?: RequestInit): Promise<Response | null> {
  const started = performance.now();
  try {
    const response = await fetch(url, init);
    await response.arrayBuffer();
    if (response.status === 304 && !stopping && Date.now() >= measureFrom) notModified++;
    record(route, performance.now() - started, response.ok || response.status === 304, String(response.status));
    return response;
  } catch (error) {
    record(route, performance.now() - started, false, error instanceof Error ? error.message : 'error');
    return null;
  }
}

const pct = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/** One scrape of the server's metrics (prom-client resets its event-loop histogram at each). */
async function scrape(server: RunningServer): Promise<(name: string) => number> {
  const lines = (await (await fetch(`${server.url}/api/metrics`)).text()).split('\n');
  return (name) => {
    const line = lines.find((l) => l.startsWith(`${name} `));
    return line ? Number(line.split(' ')[1]) : NaN;
  };
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;

function dbBytes(file: string): number {
  let total = 0;
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      total += statSync(file + suffix).size;
    } catch {
      // not there (yet)
    }
  }
  return total;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  prepareStandalone();
  const dir = mkdtempSync(join(tmpdir(), 'ens-soak-'));
  const dbFile = join(dir, 'data', 'dashboard.db');
  const simPort = await freePort();
  console.log(
    `soak: ${MINUTES} min, ${VIEWERS} viewers polling every ${POLL_MS} ms, ${PUSHES_PER_MINUTE} pushes/min, ${INSTANCES} instances`,
  );
  const server = await startServer(
    {
      DATABASE_URL: `file:${dbFile}`,
      SIMULATOR_PORT: String(simPort),
      SIMULATOR_INSTANCES: String(INSTANCES),
      SIMULATOR_ACTIVITY: 'on',
      LOG_LEVEL: 'warn',
    },
    // SOAK_PROFILE=<dir>: the server writes a V8 CPU profile there when it stops.
    { nodeArgs: process.env.SOAK_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SOAK_PROFILE}`] : [] },
  );
  const simStats = async () =>
    ((await (await fetch(`http://127.0.0.1:${simPort}/__sim/stats`)).json()) as { total: number }).total;
  try {
    const apps = (await (await fetch(`${server.url}/api/apps`)).json()) as { apps: { appId: string }[] };
    const appId = apps.apps[0]!.appId;
    const overview = (await (await fetch(`${server.url}/api/apps/${appId}/distribution`)).json()) as {
      items: { name: string; version: string; total: number }[];
    };
    const version = [...overview.items].sort((a, b) => b.total - a.total)[0]!;
    const overviewUrl = `${server.url}/api/apps/${appId}/distribution`;
    const detailUrl = `${server.url}/api/apps/${appId}/distribution/detail?name=${encodeURIComponent(version.name)}&version=${encodeURIComponent(version.version)}`;
    console.log(
      `soak: app ${appId}, version page ${version.name}@${version.version} (${version.total} instances); the load warms up ${WARMUP_MS / 1000} s before figures count`,
    );

    // Priming: one viewer, so the watcher has the version before the load starts.
    const primeEnd = Date.now() + PRIME_MS;
    while (Date.now() < primeEnd) {
      await fetch(overviewUrl).then((r) => r.arrayBuffer());
      await fetch(detailUrl).then((r) => r.arrayBuffer());
      await sleep(POLL_MS);
    }

    // One viewer alone first: what a request costs on this machine without the load.
    const alone: Record<string, number[]> = { overview: [], detail: [] };
    for (let i = 0; i < 20; i++) {
      for (const [key, target] of [
        ['overview', overviewUrl],
        ['detail', detailUrl],
      ] as const) {
        const t = performance.now();
        await fetch(target).then((r) => r.arrayBuffer());
        alone[key]!.push(performance.now() - t);
      }
    }
    console.log(
      `soak: one viewer alone: overview p50 ${median(alone.overview!).toFixed(1)} ms, version detail p50 ${median(alone.detail!).toFixed(1)} ms`,
    );

    // The full load runs through the warm-up; figures count from its end, when the
    // server has reached the heap and connection count this load keeps it at.
    const started = Date.now() + WARMUP_MS;
    measureFrom = started;
    const end = started + DURATION_MS;
    // Every 5 s: RSS, heap used and the event loop's worst delay since the last scrape.
    // Memory is compared as the median of a minute's samples, not single points that
    // land anywhere on the collector's sawtooth.
    const samples: { t: number; rss: number; heap: number; lagMax: number; lagP99: number }[] = [];
    let dbStart = 0;
    const upstream: number[] = [];
    let lastUpstream = 0;

    // Each viewer polls as its browser tab does: with If-None-Match once it holds an ETag.
    const viewer = async (i: number) => {
      const tags = new Map<string, string>();
      const poll = async (route: string, url: string) => {
        const tag = tags.get(url);
        const response = await timed(route, url, tag ? { headers: { 'if-none-match': tag } } : undefined);
        const fresh = response?.headers.get('etag');
        if (fresh) tags.set(url, fresh);
      };
      await sleep((i * POLL_MS) / VIEWERS);
      while (Date.now() < end) {
        const tick = Date.now();
        await Promise.all([poll('GET overview', overviewUrl), poll('GET version detail', detailUrl)]);
        await sleep(Math.max(0, POLL_MS - (Date.now() - tick)));
      }
    };
    let pushes = 0;
    const pusher = async () => {
      const every = 60_000 / PUSHES_PER_MINUTE;
      await sleep(started - Date.now());
      while (Date.now() + every < end) {
        await sleep(every);
        pushes++;
        pushAt.push(Date.now());
        await timed('POST push', `${server.url}/api/apps/${appId}/pushes`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            data: [
              {
                name: 'soak.tar.gz',
                version: `soak-${started}-${pushes}`,
                size: 1024,
                archiveType: 'tar.gz',
                md5: '0123456789abcdef0123456789abcdef',
                url: 'https://artifacts.example.com/soak.tar.gz',
                timeout: 600,
              },
            ],
            strategy: null,
            idempotencyKey: `soak-${started}-${pushes}`,
          }),
        });
      }
    };
    const sampler = async () => {
      await sleep(started - Date.now());
      await scrape(server);
      dbStart = dbBytes(dbFile);
      lastUpstream = await simStats();
      let minute = 1;
      let nextSample = Date.now() + 5_000;
      while (Date.now() < end) {
        await sleep(1_000);
        if (Date.now() >= nextSample) {
          nextSample += 5_000;
          const m = await scrape(server);
          samples.push({
            t: Date.now(),
            rss: m('process_resident_memory_bytes'),
            heap: m('nodejs_heap_size_used_bytes'),
            lagMax: m('nodejs_eventloop_lag_max_seconds') * 1000,
            lagP99: m('nodejs_eventloop_lag_p99_seconds') * 1000,
          });
        }
        if (Date.now() >= started + minute * 60_000) {
          minute++;
          const now = await simStats();
          upstream.push(now - lastUpstream);
          lastUpstream = now;
        }
      }
    };
    await Promise.all([...Array.from({ length: VIEWERS }, (_, i) => viewer(i)), pusher(), sampler()]);
    stopping = true;
    const dbEnd = dbBytes(dbFile);

    console.log('\nroute                 requests   p50 ms   p99 ms   max ms');
    for (const [route, list] of latencies) {
      const sorted = [...list].sort((a, b) => a - b);
      console.log(
        `${route.padEnd(20)} ${String(sorted.length).padStart(9)} ${pct(sorted, 50).toFixed(1).padStart(8)} ${pct(sorted, 99).toFixed(1).padStart(8)} ${sorted.at(-1)!.toFixed(1).padStart(8)}`,
      );
    }
    const reads = (latencies.get('GET overview')?.length ?? 0) + (latencies.get('GET version detail')?.length ?? 0);
    console.log(`\nreads answered 304 Not Modified: ${notModified} of ${reads}`);
    const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
    console.log(
      `\nerrors: ${errorCount}${errorCount ? ` (${[...errors].map(([k, v]) => `${k} ×${v}`).join(', ')})` : ''}`,
    );
    const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
    const growth = (first: number, last: number) => `${(((last - first) / first) * 100).toFixed(1)} %`;
    const minuteOf = (from: number) => samples.filter((x) => x.t >= from && x.t < from + 60_000);
    const windows = [
      ['first minute', minuteOf(started)],
      ['middle minute', minuteOf(started + DURATION_MS / 2 - 30_000)],
      ['last minute', minuteOf(end - 60_000)],
    ] as const;
    const medianOf = (list: readonly (typeof samples)[number][], pick: (x: (typeof samples)[number]) => number) =>
      list.length === 0 ? NaN : median(list.map(pick));
    const rss = windows.map(([when, list]) => [when, medianOf(list, (x) => x.rss)] as const);
    const heap = windows.map(([when, list]) => [when, medianOf(list, (x) => x.heap)] as const);
    console.log(
      `server RSS, median of each minute's samples: ${rss.map(([w, v]) => `${w} ${mib(v)}`).join(', ')} (growth after warm-up ${growth(rss[0]![1], rss[2]![1])}); max ${mib(Math.max(...samples.map((x) => x.rss)))}`,
    );
    console.log(
      `server heap used, same: ${heap.map(([w, v]) => `${w} ${mib(v)}`).join(', ')} (growth ${growth(heap[0]![1], heap[2]![1])})`,
    );
    console.log(`upstream calls per minute: ${upstream.join(', ')}`);
    const lags = samples.map((x) => x.lagMax).sort((a, b) => a - b);
    console.log(
      `server event-loop delay per 5 s window: median of the windows' p99 ${median(samples.map((x) => x.lagP99)).toFixed(0)} ms; worst delay: median window ${median(lags).toFixed(0)} ms, worst window ${lags.at(-1)!.toFixed(0)} ms, windows with a delay over ${TAIL_MS} ms: ${lags.filter((l) => l > TAIL_MS).length} of ${lags.length}`,
    );
    // What the tail follows: answers over the goal within 3 s after a push, against the
    // share of the run those 3 s make up.
    const afterPush = slowAt.filter((t) => pushAt.some((p) => t >= p && t - p < 3_000)).length;
    console.log(
      `answers over ${TAIL_MS} ms: ${slowAt.length}; within 3 s after a push: ${afterPush} (those seconds are ${((pushAt.length * 3_000 * 100) / DURATION_MS).toFixed(0)} % of the run)`,
    );
    console.log(`machine load average (1 min) at the end: ${loadavg()[0]!.toFixed(1)}`);
    console.log(
      `database: ${(dbStart / 1024).toFixed(0)} KiB → ${(dbEnd / 1024).toFixed(0)} KiB (+${((dbEnd - dbStart) / 1024).toFixed(0)} KiB, ${pushes} pushes)`,
    );
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
