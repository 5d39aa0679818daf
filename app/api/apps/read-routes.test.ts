import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from '../testing/harness';

type Routes = {
  apps: typeof import('./route');
  regions: typeof import('./[appId]/regions/route');
  distribution: typeof import('./[appId]/distribution/route');
  detail: typeof import('./[appId]/distribution/detail/route');
  instances: typeof import('./[appId]/distribution/instances/route');
  csv: typeof import('./[appId]/distribution/instances.csv/route');
  pushStatus: typeof import('./[appId]/push-status/route');
  health: typeof import('../health/route');
};

let h: Harness;
let r: Routes;
let appId: string;
let inFlight: { name: string; version: string; total: number };

beforeAll(async () => {
  h = await startHarness();
  r = {
    apps: await import('./route'),
    regions: await import('./[appId]/regions/route'),
    distribution: await import('./[appId]/distribution/route'),
    detail: await import('./[appId]/distribution/detail/route'),
    instances: await import('./[appId]/distribution/instances/route'),
    csv: await import('./[appId]/distribution/instances.csv/route'),
    pushStatus: await import('./[appId]/push-status/route'),
    health: await import('../health/route'),
  };
  const apps = (await (await h.call(r.apps.GET, '/api/apps')).json()) as { apps: { appId: string }[] };
  appId = apps.apps[0]!.appId;
  const summary = (await (await get(r.distribution.GET, `/api/apps/${appId}/distribution`)).json()) as {
    items: { name: string; version: string; total: number; counts: Record<string, number> }[];
  };
  const item = summary.items.find((i) => i.counts.FAILED! > 0) ?? summary.items[0]!;
  inFlight = { name: item.name, version: item.version, total: item.total };
});

beforeEach(() => h.isolate());
afterAll(() => h.close());

const get = (handler: Routes['apps']['GET'], path: string) => h.call(handler, path, { params: { appId } });
const q = (params: Record<string, string | number>) =>
  new URLSearchParams(
    Object.entries({ name: inFlight.name, version: inFlight.version, ...params }).map(([k, v]) => [k, String(v)]),
  ).toString();

describe('GET /api/apps', () => {
  test('lists the applications the simulator reports', async () => {
    const response = await h.call(r.apps.GET, '/api/apps');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { apps: { appId: string; name: string }[]; stale: boolean };
    expect(body.apps).toHaveLength(3);
    expect(body.apps.every((a) => a.appId && a.name)).toBe(true);
    expect(body.stale).toBe(false);
  });
});

describe('GET /api/apps/{appId}/regions', () => {
  test('lists regions with instance counts', async () => {
    const body = (await (await get(r.regions.GET, `/api/apps/${appId}/regions`)).json()) as {
      regions: { regionId: string; instanceCount: number }[];
    };
    expect(body.regions.length).toBeGreaterThan(5);
    expect(body.regions.every((x) => /^cn-/.test(x.regionId) && x.instanceCount >= 0)).toBe(true);
  });

  test('an unknown application is a 404 with the error shape', async () => {
    const response = await h.call(r.regions.GET, '/api/apps/no-such-app/regions', { params: { appId: 'no-such-app' } });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('InvalidParameter.AppId');
  });

  test('a malformed application id is a 400 naming appId, and ENS is not asked', async () => {
    const before = (await h.stats()).total;
    const response = await h.call(r.regions.GET, '/api/apps/bad%20id/regions', { params: { appId: 'bad id' } });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { issues: { path: string }[] } };
    expect(body.error.issues.map((i) => i.path)).toEqual(['appId']);
    expect((await h.stats()).total).toBe(before);
  });
});

describe('distribution routes', () => {
  test('the summary counts add up to each version total', async () => {
    const body = (await (await get(r.distribution.GET, `/api/apps/${appId}/distribution`)).json()) as {
      items: { total: number; counts: Record<string, number> }[];
      fetchedAt: string;
    };
    expect(body.items.length).toBeGreaterThan(1);
    for (const item of body.items) expect(Object.values(item.counts).reduce((a, b) => a + b, 0)).toBe(item.total);
    expect(Date.parse(body.fetchedAt)).not.toBeNaN();
  });

  test('detail matches the instances route, region by region', async () => {
    const detail = (await (await get(r.detail.GET, `/api/apps/${appId}/distribution/detail?${q({})}`)).json()) as {
      total: number;
      counts: Record<string, number>;
      byRegion: { regionId: string; counts: Record<string, number> }[];
      failureReasons: { statusDescrip: string; count: number }[];
    };
    expect(detail.total).toBe(inFlight.total);
    const failed = (await (
      await get(r.instances.GET, `/api/apps/${appId}/distribution/instances?${q({ status: 'FAILED' })}`)
    ).json()) as {
      total: number;
    };
    expect(failed.total).toBe(detail.counts.FAILED);
    expect(detail.failureReasons.reduce((a, b) => a + b.count, 0)).toBe(detail.counts.FAILED);
    const region = detail.byRegion.find((x) => x.regionId !== 'unknown')!;
    const inRegion = (await (
      await get(r.instances.GET, `/api/apps/${appId}/distribution/instances?${q({ region: region.regionId })}`)
    ).json()) as {
      total: number;
      rows: { regionId: string }[];
    };
    expect(inRegion.total).toBe(Object.values(region.counts).reduce((a, b) => a + b, 0));
    expect(inRegion.rows.every((row) => row.regionId === region.regionId)).toBe(true);
  });

  test('a poll of an unchanged version is an empty 304, though the ENS clock moved between the two', async () => {
    const path = `/api/apps/${appId}/distribution/detail?${q({})}`;
    const first = await get(r.detail.GET, path);
    const tag = first.headers.get('etag');
    expect(tag).toMatch(/^W\/"/);
    expect(((await first.json()) as { ensNow: string }).ensNow).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const again = await h.call(r.detail.GET, path, { params: { appId }, headers: { 'if-none-match': tag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const otherVersion = await h.call(r.detail.GET, `/api/apps/${appId}/distribution/detail?${q({ version: 'x-1' })}`, {
      params: { appId },
      headers: { 'if-none-match': tag! },
    });
    expect(otherVersion.status).not.toBe(304);
  });

  test('instances page, sort and the last page', async () => {
    const pageSize = 7;
    const lastPage = Math.ceil(inFlight.total / pageSize);
    const page = (await (
      await get(
        r.instances.GET,
        `/api/apps/${appId}/distribution/instances?${q({ pageSize, page: lastPage, sort: 'instanceId', order: 'desc' })}`,
      )
    ).json()) as {
      rows: { instanceId: string }[];
      total: number;
      page: number;
    };
    expect(page.total).toBe(inFlight.total);
    expect(page.rows.length).toBe(inFlight.total - (lastPage - 1) * pageSize);
    const ids = page.rows.map((x) => x.instanceId);
    expect(ids).toEqual([...ids].sort().reverse());
  });

  test('bad query parameters are a 400 listing every problem', async () => {
    const response = await get(
      r.instances.GET,
      `/api/apps/${appId}/distribution/instances?status=LOST&pageSize=0&sort=nope`,
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { issues: { path: string }[] } };
    expect(body.error.issues.map((i) => i.path).sort()).toEqual(['name', 'pageSize', 'sort', 'status.0', 'version']);
  });

  test('CSV export streams every row of the filter', async () => {
    const response = await get(r.csv.GET, `/api/apps/${appId}/distribution/instances.csv?${q({})}`);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('instanceId,regionId,status,statusDescrip,startTime,updateTime');
    expect(lines).toHaveLength(inFlight.total + 1);
  });

  test('push status lists regions with their pre-push state', async () => {
    const body = (await (await get(r.pushStatus.GET, `/api/apps/${appId}/push-status?${q({})}`)).json()) as {
      regions: { regionId: string; status: string }[];
    };
    expect(body.regions.length).toBeGreaterThan(0);
    expect(body.regions.every((x) => ['SUCCESS', 'PUSHING', 'FAILED'].includes(x.status))).toBe(true);
  });
});

describe('upstream faults', () => {
  test('when ENS fails, the last good answer is served marked stale with the reason', async () => {
    const path = `/api/apps/${appId}/distribution/detail?${q({})}`;
    const good = (await (await get(r.detail.GET, path)).json()) as { total: number };
    await h.simPost('/__sim/faults', { errorRate: 1 });
    try {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const response = await get(r.detail.GET, path);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { total: number; stale: boolean; error: { code: string } };
      expect(body).toMatchObject({ total: good.total, stale: true });
      // ENS's own code, or the dashboard's "not answering in time" once it waited a second.
      expect(['ServiceUnavailable', 'EnsUnavailable', 'CircuitOpen']).toContain(body.error.code);
    } finally {
      await h.simPost('/__sim/faults', {});
    }
  });

  test('once the circuit opens, the overview held within its TTL is marked stale at the next poll, and nothing is sent', async () => {
    const path = `/api/apps/${appId}/distribution`;
    const good = (await (await get(r.distribution.GET, path)).json()) as { items: unknown[]; stale: boolean };
    expect(good.stale).toBe(false);
    await h.simPost('/__sim/faults', { errorRate: 1 });
    try {
      // Reads nobody asked for before fail until the circuit opens.
      for (let i = 0; i < 20; i++) {
        const health = (await (await h.call(r.health.GET, '/api/health')).json()) as { ens: { circuit: string } };
        if (health.ens.circuit === 'open') break;
        await get(r.detail.GET, `/api/apps/${appId}/distribution/detail?name=circuit-${i}&version=1`);
      }
      const before = (await h.stats()).total;
      // The scan is seconds old (its TTL is at least 15 s): the first poll starts a refresh, which fails at once.
      await get(r.distribution.GET, path);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const body = (await (await get(r.distribution.GET, path)).json()) as {
        items: unknown[];
        stale: boolean;
        error: { code: string };
      };
      expect(body).toMatchObject({ items: good.items, stale: true, error: { code: 'CircuitOpen' } });
      expect((await h.stats()).total).toBe(before);
    } finally {
      await h.simPost('/__sim/faults', {});
    }
  });

  test.each([
    [{ throttleRate: 1 }, 429, 'Throttling.User'],
    [{ errorRate: 1 }, 503, 'ServiceUnavailable'],
  ])('persistent %o with nothing cached is retried, then a clean %i', async (faults, status, code) => {
    await h.simPost('/__sim/faults', faults);
    try {
      const before = await h.stats();
      // A filter nobody asked for yet, so no cached answer can be served.
      const response = await get(
        r.detail.GET,
        `/api/apps/${appId}/distribution/detail?name=never-read-${status}&version=1`,
      );
      expect(response.status).toBe(status);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe(code);
      expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
      const after = await h.stats();
      expect(after.total - before.total).toBeGreaterThan(1);
    } finally {
      await h.simPost('/__sim/faults', {});
    }
  });

  test('health reports the mode and that ENS answers', async () => {
    const response = await h.call(r.health.GET, '/api/health');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', mode: 'simulator', ens: { reachable: true } });
  });
});

describe('coalescing', () => {
  test("a version read already under way (the watcher's) is joined by a request, not repeated", async () => {
    const { loadVersionRows } = await import('@/lib/server/versions');
    await new Promise((resolve) => setTimeout(resolve, 250));
    const before = (await h.stats()).calls.DescribeDataDistResult ?? 0;
    const sweep = loadVersionRows(appId, inFlight.name, inFlight.version, { background: true });
    const response = await get(r.instances.GET, `/api/apps/${appId}/distribution/instances?${q({})}`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { total: number }).total).toBe((await sweep).length);
    const after = (await h.stats()).calls.DescribeDataDistResult ?? 0;
    expect(after - before).toBe(Math.ceil(inFlight.total / 1000));
  });

  test('50 identical concurrent reads make one upstream read', async () => {
    const before = (await h.stats()).calls.DescribeDataDistResult ?? 0;
    const path = `/api/apps/${appId}/distribution/instances?${q({ page: 1, pageSize: 20 })}`;
    await new Promise((resolve) => setTimeout(resolve, 250));
    const responses = await Promise.all(Array.from({ length: 50 }, () => get(r.instances.GET, path)));
    expect(responses.every((x) => x.status === 200)).toBe(true);
    const after = (await h.stats()).calls.DescribeDataDistResult ?? 0;
    // One read of every page of this version (1,000 rows a page upstream), not one per request.
    expect(after - before).toBe(Math.ceil(inFlight.total / 1000));
  });
});
