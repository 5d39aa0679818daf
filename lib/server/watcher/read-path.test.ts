import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { VersionKey } from '@/lib/db';
import { startSimulator, type RunningSimulator } from '@/lib/simulator';
import { appWithRolloutInFlight, clientFor, findVersions, upstreamCalls, useLiveSimulator } from './test-support';

/*
 * The whole read path as the server runs it: lib/config from the environment (live
 * mode pointed at the simulator, a temp SQLite file), startBackgroundWork(), the read
 * services and the history route handler. The environment is set before the server
 * modules are imported, because lib/config parses it once.
 */

const INTERVAL_S = 1;
let sim: RunningSimulator;
let dir: string;
let key: VersionKey;
let stop: () => Promise<void>;
let services: typeof import('@/lib/server/versions');
let registry: typeof import('./registry');

beforeAll(async () => {
  sim = await startSimulator({ port: 0, instances: 600, activity: false });
  dir = mkdtempSync(join(tmpdir(), 'ens-watch-read-'));
  useLiveSimulator(sim, dir, { WATCH_INTERVAL_SECONDS: String(INTERVAL_S), ENS_CACHE_TTL_MS: '200' });
  const client = clientFor(sim);
  const appId = await appWithRolloutInFlight(client);
  key = (await findVersions(client, appId)).inFlight!;
  services = await import('@/lib/server/versions');
  registry = await import('./registry');
});

afterAll(async () => {
  if (running) await stop();
  const { getDb } = await import('@/lib/db/server');
  await (await getDb()).close();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

let running = false;

/**
 * Each test starts from the same place, whatever ran before it: the background work
 * running and the version read (so marked viewed) and swept at least once.
 */
async function swept(): Promise<void> {
  if (!running) {
    ({ stop } = (await import('./index')).startBackgroundWork());
    running = true;
  }
  await services.readVersionRows(key.appId, key.name, key.version);
  await until(() => registry.getWatchRegistry().get(key) !== undefined, 5 * INTERVAL_S * 1000);
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('reads served by the watcher', () => {
  test('reading a version makes the watcher sweep it; then N readers cost no upstream call of their own', async () => {
    // The read marks it viewed; the leader's next tick sweeps it.
    await swept();

    const windowMs = 3_000;
    const before = await upstreamCalls(sim, 'DescribeDataDistResult');
    const started = Date.now();
    let reads = 0;
    while (Date.now() - started < windowMs) {
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => services.readVersionRows(key.appId, key.name, key.version)),
      );
      reads += answers.length;
      for (const answer of answers) expect(answer.stale).toBe(false);
      await new Promise((r) => setTimeout(r, 100));
    }
    const calls = (await upstreamCalls(sim, 'DescribeDataDistResult')) - before;
    const rows = registry.getWatchRegistry().get(key)!.rows.length;
    const pagesPerSweep = Math.max(1, Math.ceil(rows / 500));
    // One sweep per interval (plus one tick at a window edge), whatever the number of reads.
    expect(reads).toBeGreaterThan(500);
    expect(calls).toBeGreaterThanOrEqual(pagesPerSweep);
    expect(calls).toBeLessThanOrEqual((windowMs / (INTERVAL_S * 1000) + 1) * pagesPerSweep);
  });

  test('detail and instances come from the same sweep', async () => {
    await swept();
    const detail = await services.getVersionDetail(key.appId, key.name, key.version);
    const sweep = registry.getWatchRegistry().get(key)!;
    expect(detail.total).toBe(sweep.aggregate.total);
    expect(detail.counts).toEqual(sweep.aggregate.counts);
    const page = await services.queryInstances(key.appId, {
      ...key,
      status: [],
      region: [],
      q: '',
      sort: 'instanceId',
      order: 'asc',
      page: 1,
      pageSize: 10,
    });
    expect(page.total).toBe(sweep.rows.length);
  });
});

describe('GET /distribution/history', () => {
  const call = async (query: string) => {
    const { GET } = await import('@/app/api/apps/[appId]/distribution/history/route');
    return GET(new Request(`http://localhost/api/apps/${key.appId}/distribution/history?${query}`), {
      params: Promise.resolve({ appId: key.appId }),
    });
  };
  const nv = () => `name=${encodeURIComponent(key.name)}&version=${encodeURIComponent(key.version)}`;

  test('returns the snapshots oldest first, with ISO times and counts by status', async () => {
    await swept();
    // Simulated time moves the rollout on, so the watcher writes a second point.
    await fetch(`${sim.url}/__sim/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceSeconds: 2 * 24 * 3600 }),
    });
    const { getDb } = await import('@/lib/db/server');
    const db = await getDb();
    await until(
      async () => (await db.snapshots.latest(key.appId, key.name, key.version))?.counts.DISTING === 0,
      5 * INTERVAL_S * 1000,
    );

    const res = await call(`${nv()}&since=0`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { points: { t: string; counts: Record<string, number> }[] };
    expect(body.points.length).toBeGreaterThanOrEqual(2);
    const times = body.points.map((p) => Date.parse(p.t));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Object.keys(body.points[0]!.counts).sort()).toEqual([
      'DELETED',
      'DISTING',
      'FAILED',
      'POD_RESTARTING',
      'SUCCESS',
    ]);
    expect(body.points.at(-1)!.counts.DISTING).toBe(0);

    const iso = await call(`${nv()}&since=${encodeURIComponent(new Date(times[1]!).toISOString())}`);
    expect(((await iso.json()) as { points: unknown[] }).points.length).toBe(body.points.length - 1);
  });

  test.each([
    ['since=yesterday', 'since'],
    ['since=', null],
    ['', null],
  ])('validates %s', async (extra, field) => {
    const res = await call(`${nv()}&${extra}`);
    if (field === null) return expect(res.status).toBe(200);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { issues: { path: string }[] } };
    expect(body.error.issues.map((i) => i.path)).toContain(field);
  });

  test('names a missing name', async () => {
    const res = await call(`version=1`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('name');
  });
});

describe('a replica without a sweep of its own', () => {
  test("serves the detail from the leader's fresh snapshot without calling ENS", async () => {
    // Stand in for a non-leader: no background work, nothing swept in this process.
    if (running) await stop();
    running = false;
    registry.getWatchRegistry().clear();
    const { getDb } = await import('@/lib/db/server');
    const counts = { SUCCESS: 7, FAILED: 0, DISTING: 3, POD_RESTARTING: 0, DELETED: 0 };
    const byRegion = { 'cn-a': { ...counts, DISTING: 0 }, 'cn-b': { ...counts, SUCCESS: 0 } };
    await (await getDb()).snapshots.insert({ ...key, t: Date.now(), counts, byRegion, total: 10 });

    const before = await upstreamCalls(sim, 'DescribeDataDistResult');
    const detail = await services.getVersionDetail(key.appId, key.name, key.version);
    expect(detail).toMatchObject({ total: 10, counts, stale: false });
    expect(detail.byRegion.map((r) => r.regionId)).toEqual(['cn-a', 'cn-b']);
    expect(await upstreamCalls(sim, 'DescribeDataDistResult')).toBe(before);
  });
});
