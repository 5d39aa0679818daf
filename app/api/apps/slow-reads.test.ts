import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { startHarness, type Harness } from '../testing/harness';

/*
 * A version whose read from ENS is slow (a large fleet) is read on a request once;
 * after that, requests get the last read at once while the next one runs in the
 * background. The simulator's injected latency stands in for a 100,000-row read.
 */

let h: Harness;
let instances: typeof import('./[appId]/distribution/instances/route');
let appId: string;
let path: string;

beforeAll(async () => {
  h = await startHarness({ ENS_READ_TIMEOUT_MS: '5000', ENS_READ_DEADLINE_MS: '8000' });
  const apps = await import('./route');
  const distribution = await import('./[appId]/distribution/route');
  instances = await import('./[appId]/distribution/instances/route');
  appId = ((await (await h.call(apps.GET, '/api/apps')).json()) as { apps: { appId: string }[] }).apps[0]!.appId;
  const summary = (await (
    await h.call(distribution.GET, `/api/apps/${appId}/distribution`, { params: { appId } })
  ).json()) as {
    items: { name: string; version: string }[];
  };
  const item = summary.items[0]!;
  path = `/api/apps/${appId}/distribution/instances?${new URLSearchParams({ name: item.name, version: item.version, status: 'SUCCESS' })}`;
});
beforeEach(() => h.isolate());
afterAll(() => h.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const read = async () => {
  const started = Date.now();
  const response = await h.call(instances.GET, path, { params: { appId } });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { total: number; fetchedAt: string; stale: boolean };
  return { ...body, ms: Date.now() - started };
};

test('a slow version read is paid once: later requests get the last read at once while a new one runs', async () => {
  await h.simPost('/__sim/faults', { latencyMs: 2_200 });
  let first: Awaited<ReturnType<typeof read>>;
  try {
    first = await read();
    expect(first.ms).toBeGreaterThan(2_000);
  } finally {
    await h.simPost('/__sim/faults', {});
  }
  await sleep(300); // past the cache's 200 ms TTL
  // Served from the last read rather than after the refresh: had it waited, its fetchedAt would be new.
  const quick = await read();
  expect(quick).toMatchObject({ fetchedAt: first.fetchedAt, total: first.total, stale: false });
  // The refresh ran in the background: a newer read is served soon after.
  await expect.poll(async () => (await read()).fetchedAt, { timeout: 5_000, interval: 200 }).not.toBe(first.fetchedAt);
});
