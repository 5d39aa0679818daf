/**
 * The server's memory with a 100,000-instance version watched and its page being read:
 * the server runs as `version-page.ts` runs it (`scripts/start.mjs`, simulator mode),
 * one application whose 100,000 instances all hold one version; a loop of the requests
 * an open version page makes (detail, instance pages under changing filters and sorts,
 * history, pre-push status) runs while the watcher sweeps the version several times.
 * No browser. Prints the server's peak and settled RSS (the server process alone, from
 * /proc) and its heap used (from /api/metrics), and the simulator's RSS apart.
 * Goal (issue 14): peak RSS < 300 MB.
 *
 * Needs a build first (`npx next build`). Run: npx tsx e2e/bench/server-memory.ts
 * Env: BENCH_INSTANCES (100000), BENCH_SWEEPS (6, sweeps of the version to watch),
 *      BENCH_ACTIVITY (off; `on` lets the simulator move instances between sweeps),
 *      BENCH_INTERVAL_S (2, WATCH_INTERVAL_SECONDS), BENCH_PORT / BENCH_SIM_PORT (free ports).
 */
import { get } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../deploy/harness';
import { startBenchServer } from './bench-server';
import { mib, sampleRss } from './rss';

const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 100_000);
const SWEEPS = Number(process.env.BENCH_SWEEPS ?? 6);
const ACTIVITY = process.env.BENCH_ACTIVITY ?? 'off';
const INTERVAL_S = Number(process.env.BENCH_INTERVAL_S ?? 2);

/**
 * GET without fetch's 300 s header timeout: on a busy machine the first overview of a
 * 100,000-instance application (every row read from ENS) can take longer than that.
 */
function request(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', reject);
    }).on('error', reject);
  });
}

const getJson = async <T>(url: string): Promise<T> => {
  const { status, body } = await request(url);
  if (status !== 200) throw new Error(`${url}: ${status}`);
  return JSON.parse(body) as T;
};

async function metricsOf(base: string): Promise<Map<string, number>> {
  const text = (await request(`${base}/api/metrics`)).body;
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const space = line.lastIndexOf(' ');
    out.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return out;
}

/** Instance rows the watcher has read so far (a sweep of the version adds its row count). */
async function rowsRead(base: string): Promise<number> {
  return (await metricsOf(base)).get('ens_dashboard_watcher_rows_read_total') ?? 0;
}

async function heapUsed(base: string): Promise<number> {
  return (await metricsOf(base)).get('nodejs_heap_size_used_bytes') ?? NaN;
}

async function waitForHealth(base: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      if ((await request(`${base}/api/health`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the dashboard did not become healthy');
}

async function main(): Promise<void> {
  const port = Number(process.env.BENCH_PORT ?? (await freePort()));
  const simPort = Number(process.env.BENCH_SIM_PORT ?? (await freePort()));
  const base = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'bench-memory-'));
  const server = startBenchServer({
    port,
    simPort,
    instances: INSTANCES,
    dir,
    env: { SIMULATOR_ACTIVITY: ACTIVITY, WATCH_INTERVAL_SECONDS: String(INTERVAL_S) },
  });
  process.once('exit', () => server.kill('SIGTERM'));
  const rss = sampleRss(server.pid!);
  const heapPeak = { value: 0 };
  try {
    await waitForHealth(base, Date.now() + 240_000);
    const idle = rss.figures().serverLast;
    const { apps } = await getJson<{ apps: { appId: string }[] }>(`${base}/api/apps`);
    const appId = apps[0]?.appId ?? '';
    const { items } = await getJson<{ items: { name: string; version: string; total: number }[] }>(
      `${base}/api/apps/${appId}/distribution`,
    );
    const target = [...items].sort((a, b) => b.total - a.total)[0];
    if (!target) throw new Error('no version in the fleet');
    const version = { name: target.name, version: target.version };
    const api = (path: string, extra: Record<string, string> = {}) =>
      `${base}/api/apps/${appId}/distribution${path}?${new URLSearchParams({ ...version, ...extra })}`;

    // What an open version page asks, again and again: its polls and a person's filter clicks.
    const views: Record<string, string>[] = [
      {},
      { status: 'FAILED' },
      { status: 'SUCCESS', sort: 'updateTime', order: 'desc' },
      { status: 'DISTING' },
      { sort: 'regionId', order: 'asc', page: '3' },
      { q: 'i-' },
      { sort: 'startTime', order: 'desc' },
    ];
    let requests = 0;
    const failures = new Map<string, number>();
    let stop = false;
    const started = Date.now();
    const loop = (async () => {
      for (let i = 0; !stop; i++) {
        const view = views[i % views.length]!;
        const urls = [api('/detail'), api('/instances', { pageSize: '100', ...view }), api('/history')];
        if (i % 5 === 0) urls.push(`${base}/api/apps/${appId}/push-status?${new URLSearchParams(version)}`);
        for (const url of urls) {
          try {
            const { status } = await request(url);
            if (status === 200) requests++;
            else failures.set(String(status), (failures.get(String(status)) ?? 0) + 1);
          } catch (error) {
            const what = error instanceof Error ? error.message : 'error';
            failures.set(what, (failures.get(what) ?? 0) + 1);
          }
        }
        if (i % 10 === 0) heapPeak.value = Math.max(heapPeak.value, await heapUsed(base).catch(() => 0));
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    // With BENCH_VERBOSE, a line every 5 s: where the memory goes while it runs.
    const timeline = process.env.BENCH_VERBOSE
      ? setInterval(() => {
          void metricsOf(base)
            .then((m) => {
              const g = (k: string) => mib(m.get(k) ?? NaN);
              console.log(
                `  +${((Date.now() - started) / 1000).toFixed(0)} s: RSS ${mib(rss.figures().serverLast)} (peak ${mib(rss.figures().serverPeak)}), heap used ${g('nodejs_heap_size_used_bytes')} of ${g('nodejs_heap_size_total_bytes')}, external ${g('nodejs_external_memory_bytes')}, rows read ${m.get('ens_dashboard_watcher_rows_read_total') ?? 0}`,
              );
            })
            .catch(() => undefined);
        }, 5_000)
      : undefined;
    // The first request marks the version viewed; the watcher picks it up and sweeps it.
    const firstRows = await rowsRead(base);
    let sweeps = 0;
    while (sweeps < SWEEPS) {
      await new Promise((r) => setTimeout(r, 1_000));
      sweeps = Math.floor(((await rowsRead(base)) - firstRows) / target.total);
      if (Date.now() - started > 15 * 60_000) throw new Error(`only ${sweeps} sweeps in 15 minutes`);
    }
    const peakAfterSweeps = rss.figures();
    stop = true;
    clearInterval(timeline);
    await loop;
    const during = (Date.now() - started) / 1000;
    // Settled: the page closed, two intervals for the last sweep's garbage to go.
    await new Promise((r) => setTimeout(r, 2 * INTERVAL_S * 1000 + 3_000));
    const settled = rss.figures().serverLast;
    const settledHeap = await heapUsed(base);
    const figures = rss.stop();
    console.log(
      `server memory at ${INSTANCES.toLocaleString('en-US')} instances (${target.total.toLocaleString('en-US')} on ${target.name} @ ${target.version}), activity ${ACTIVITY}, interval ${INTERVAL_S} s, load average ${loadavg()[0]!.toFixed(1)}`,
    );
    console.log(
      `  ${sweeps} sweeps of the version in ${during.toFixed(0)} s, ${requests} requests (detail, instances, history, push status)`,
    );
    console.log(
      `  server RSS: idle ${mib(idle)}, peak ${mib(Math.max(figures.serverPeak, peakAfterSweeps.serverPeak))}, settled ${mib(settled)}  (goal: peak < 300 MB = ${mib(300e6)})`,
    );
    console.log(`  server heap used: peak seen ${mib(heapPeak.value)}, settled ${mib(settledHeap)}`);
    if (failures.size > 0)
      console.log(`  failed requests: ${[...failures].map(([what, n]) => `${n}× ${what}`).join(', ')}`);
    console.log(`  simulator (its own processes, not counted above): peak RSS ${mib(figures.simulatorPeak)}`);
    console.log(`  ${figures.samples} RSS samples every 250 ms`);
  } finally {
    rss.stop();
    server.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1_000));
    rmSync(dir, { recursive: true, force: true });
  }
}

// A Ctrl-C or a timeout stops the server too (its simulator stops with it).
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(1));

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
