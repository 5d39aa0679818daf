import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningSimulator } from '@/lib/simulator';
import { countsByVersion, MATRIX, matrixTruth, startDialectSim } from '@/lib/server/testing/dialect-sims';

/*
 * The numbers people see, under every dialect: the overview, the version page's detail
 * and its instance table, read through the real route handlers from a simulator
 * speaking that dialect over HTTP, equal the simulator's own truth for the same seed
 * and clock; /api/health shows the dialect calibration found. One simulator per
 * dialect; each gets its own endpoint, so calibration starts afresh (first contact).
 */

type Routes = {
  distribution: typeof import('./[appId]/distribution/route');
  detail: typeof import('./[appId]/distribution/detail/route');
  instances: typeof import('./[appId]/distribution/instances/route');
  health: typeof import('../health/route');
};
type Handler = Routes['detail']['GET'];

const truth = matrixTruth();
const appId = truth.appIds[0] as string;
const want = countsByVersion(truth.rows.get(appId) ?? []);
let dir: string;
let r: Routes;
let setEmbeddedConnection: typeof import('@/lib/ens/connection').setEmbeddedConnection;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ens-dialects-'));
  Object.assign(process.env, {
    ENS_MODE: 'simulator',
    DATABASE_URL: `file:${join(dir, 'dashboard.db')}`,
    ENS_CACHE_TTL_MS: '0',
    ENS_PAGE_SIZE: '1000',
  });
  ({ setEmbeddedConnection } = await import('@/lib/ens/connection'));
  r = {
    distribution: await import('./[appId]/distribution/route'),
    detail: await import('./[appId]/distribution/detail/route'),
    instances: await import('./[appId]/distribution/instances/route'),
    health: await import('../health/route'),
  };
});

afterAll(async () => {
  const { getDb } = await import('@/lib/db/server');
  await (await getDb()).close();
  rmSync(dir, { recursive: true, force: true });
});

async function get<T>(handler: Handler, path: string): Promise<T> {
  const response = await handler(new Request(`http://dashboard.test${path}`), { params: Promise.resolve({ appId }) });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

/** Caches hold the previous dialect's answers under the same keys: each dialect starts cold. */
function forgetReads(): void {
  const g = globalThis as typeof globalThis & {
    __ensReadCaches?: Map<string, unknown>;
    __ensVersionReads?: Map<string, unknown>;
    __ensReadCostMs?: Map<string, unknown>;
  };
  g.__ensReadCaches?.clear();
  g.__ensVersionReads?.clear();
  g.__ensReadCostMs?.clear();
}

async function distCalls(sim: RunningSimulator): Promise<number> {
  const stats = (await (await fetch(`${sim.url}/__sim/stats`)).json()) as { calls: Record<string, number> };
  return stats.calls.DescribeDataDistResult ?? 0;
}

interface Counted {
  name: string;
  version: string;
  total: number;
  counts: Record<string, number>;
  complete: boolean;
}

describe.each(MATRIX)('dialect: $name', ({ options, expected }) => {
  let sim: RunningSimulator;

  beforeAll(async () => {
    sim = await startDialectSim(options);
    setEmbeddedConnection({
      endpoint: sim.endpoint,
      protocol: 'http',
      accessKeyId: sim.accessKeyId,
      accessKeySecret: sim.accessKeySecret,
    });
    forgetReads();
    // First contact: calibration runs before the first read; done here so the reads' calls can be counted alone.
    await (await import('@/lib/server/calibration')).getCalibrator().ensure();
  });
  afterAll(() => sim?.close());

  test('the overview counts every version as the truth does, and says it is complete', async () => {
    const before = await distCalls(sim);
    const body = await get<{ items: Counted[]; complete: boolean }>(
      r.distribution.GET,
      `/api/apps/${appId}/distribution`,
    );
    const calls = (await distCalls(sim)) - before;
    // InstanceCount as a total: one one-row call per version (and one past the end); else every row, paged.
    if (expected.instanceCountScope === 'total') expect(calls).toBe(want.size + 1);
    else
      expect(calls).toBeGreaterThanOrEqual(
        Math.ceil((truth.rows.get(appId)?.length ?? 0) / (expected.pageCap ?? 1_000)),
      );
    expect(body.complete).toBe(true);
    // Versions pushed but on no instance are listed too (0 instances): the truth of rows cannot hold them.
    const distributed = body.items.filter((i) => i.total > 0);
    for (const i of body.items.filter((x) => x.total === 0)) expect(want.has(`${i.name}@${i.version}`)).toBe(false);
    expect(new Map(distributed.map((i) => [`${i.name}@${i.version}`, { total: i.total, counts: i.counts }]))).toEqual(
      want,
    );
  });

  test("each version page's detail and instance table count what the truth counts", async () => {
    for (const [id, counts] of want) {
      const [name, version] = id.split('@') as [string, string];
      const q = new URLSearchParams({ name, version }).toString();
      const detail = await get<Counted>(r.detail.GET, `/api/apps/${appId}/distribution/detail?${q}`);
      expect({ total: detail.total, counts: detail.counts, complete: detail.complete }).toEqual({
        ...counts,
        complete: true,
      });
      const failed = await get<{ total: number; complete: boolean }>(
        r.instances.GET,
        `/api/apps/${appId}/distribution/instances?${q}&status=FAILED`,
      );
      expect(failed).toMatchObject({ total: counts.counts.FAILED, complete: true });
    }
  });

  test('where InstanceCount is a total, the version KPIs take one one-row call besides the rows the charts need', async () => {
    const [id] = [...want.keys()];
    const [name, version] = id!.split('@') as [string, string];
    const { loadVersionRows } = await import('@/lib/server/versions');
    let before = await distCalls(sim);
    await loadVersionRows(appId, name, version);
    const rowsCalls = (await distCalls(sim)) - before;
    forgetReads();
    before = await distCalls(sim);
    const detail = await get<Counted>(
      r.detail.GET,
      `/api/apps/${appId}/distribution/detail?${new URLSearchParams({ name, version }).toString()}`,
    );
    expect((await distCalls(sim)) - before).toBe(rowsCalls + (expected.instanceCountScope === 'total' ? 1 : 0));
    expect({ total: detail.total, counts: detail.counts }).toEqual(want.get(id!));
  });

  test('/api/health shows the dialect calibration found for this endpoint', async () => {
    const body = await get<{
      status: string;
      calibration: { endpoint: string; dialect: Record<string, unknown> } | null;
    }>(r.health.GET as Handler, '/api/health');
    expect(body.status).toBe('ok');
    expect(body.calibration?.endpoint).toBe(sim.endpoint);
    expect(body.calibration?.dialect).toMatchObject(expected);
  });
});
