import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from '../testing/harness';

/*
 * The history route's rebuilt rollout and the status badge, against the simulator over
 * HTTP and a real database.
 */

type Routes = {
  apps: typeof import('./route');
  distribution: typeof import('./[appId]/distribution/route');
  detail: typeof import('./[appId]/distribution/detail/route');
  history: typeof import('./[appId]/distribution/history/route');
  badge: typeof import('./[appId]/badge.svg/route');
};

type Counts = Record<'SUCCESS' | 'DISTING' | 'FAILED' | 'POD_RESTARTING' | 'DELETED', number>;
type Item = { name: string; version: string; total: number; counts: Counts };

let h: Harness;
let r: Routes;
let appId: string;
let items: Item[];

beforeAll(async () => {
  h = await startHarness();
  r = {
    apps: await import('./route'),
    distribution: await import('./[appId]/distribution/route'),
    detail: await import('./[appId]/distribution/detail/route'),
    history: await import('./[appId]/distribution/history/route'),
    badge: await import('./[appId]/badge.svg/route'),
  };
  const apps = (await (await h.call(r.apps.GET, '/api/apps')).json()) as { apps: { appId: string }[] };
  appId = apps.apps[0]!.appId;
  items = ((await (await get(r.distribution.GET, `/api/apps/${appId}/distribution`)).json()) as { items: Item[] })
    .items;
});

afterAll(() => h.close());

const get = (handler: Routes['apps']['GET'], path: string) => h.call(handler, path, { params: { appId } });
const q = (item: Pick<Item, 'name' | 'version'>) =>
  new URLSearchParams({ name: item.name, version: item.version }).toString();

interface History {
  points: unknown[];
  series: { t: number; counts: Counts; source: 'recorded' | 'reconstructed' }[];
  reconstruction: { asOf: number; pushedAt: number | null; prePush: unknown[] } | null;
  timing: {
    targeted: number;
    toPercent: { pct: number; ms: number | null }[];
    slowestRegions: { regionId: string }[];
  } | null;
}

describe('GET /distribution/history, rebuilt from the rows', () => {
  test('a version this server never read: recorded points only, and no ENS call', async () => {
    const item = items.at(-1)!;
    const before = (await h.stats()).total;
    const body = (await (
      await get(r.history.GET, `/api/apps/${appId}/distribution/history?${q(item)}`)
    ).json()) as History;
    expect(body.reconstruction).toBeNull();
    expect(body.timing).toBeNull();
    expect((await h.stats()).total).toBe(before);
  });

  test('once the version is read, the whole rollout is rebuilt from that read, ending at its counts, without another ENS call', async () => {
    const item = items.find((i) => i.counts.SUCCESS > 0 && i.counts.FAILED > 0) ?? items[0]!;
    const detail = (await (await get(r.detail.GET, `/api/apps/${appId}/distribution/detail?${q(item)}`)).json()) as {
      counts: Counts;
      total: number;
    };
    const before = (await h.stats()).total;
    const body = (await (
      await get(r.history.GET, `/api/apps/${appId}/distribution/history?${q(item)}`)
    ).json()) as History;
    expect((await h.stats()).total).toBe(before);
    expect(body.reconstruction).not.toBeNull();
    expect(body.series.length).toBeGreaterThan(2);
    expect(body.series.every((p) => p.source === 'reconstructed')).toBe(true);
    expect(body.series[0]!.counts).toEqual({ SUCCESS: 0, DISTING: 0, FAILED: 0, POD_RESTARTING: 0, DELETED: 0 });
    expect(body.series.at(-1)!.counts).toEqual(detail.counts);
    const times = body.series.map((p) => p.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(body.timing!.targeted).toBe(detail.total - detail.counts.DELETED);
    expect(body.timing!.toPercent.map((p) => p.pct)).toEqual([50, 90, 99]);
    expect(body.timing!.slowestRegions.length).toBeGreaterThan(0);
  });
});

describe('GET /badge.svg', () => {
  test('a version with failures says so, in the failure colour', async () => {
    const item = items.find((i) => i.counts.FAILED > 0)!;
    const response = await get(r.badge.GET, `/api/apps/${appId}/badge.svg?${q(item)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(response.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const svg = await response.text();
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain(`${item.counts.FAILED} failed`);
    expect(svg).toContain('#e05d44');
  });

  test('an unknown version is a grey "not found" badge with a 404', async () => {
    const response = await get(
      r.badge.GET,
      `/api/apps/${appId}/badge.svg?${q({ name: items[0]!.name, version: 'no-such-version' })}`,
    );
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('not found');
  });

  test.each([
    ['version=1', 'name'],
    ['name=data', 'version'],
  ])('missing field (%s) is a 400 naming %s, and ENS is not asked', async (query, field) => {
    const before = (await h.stats()).total;
    const response = await get(r.badge.GET, `/api/apps/${appId}/badge.svg?${query}`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { issues: { path: string }[] } };
    expect(body.error.issues.map((i) => i.path)).toContain(field);
    expect((await h.stats()).total).toBe(before);
  });
});
