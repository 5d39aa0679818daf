import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from '../../../testing/harness';

type Counts = Record<string, number>;
type Detail = { total: number; counts: Counts; byRegion: { regionId: string; counts: Counts }[] };

let h: Harness;
let cleans: typeof import('./route');
let distributions: typeof import('../distributions/route');
let pushes: typeof import('../pushes/route');
let detailRoute: typeof import('../distribution/detail/route');
let appId: string;
let regions: string[];
let target: { name: string; version: string };

let keySeq = 0;
const newKey = () => `clean-key-${Date.now()}-${++keySeq}`;
const calls = async (action: string) => (await h.stats()).calls[action] ?? 0;

async function post(handler: typeof cleans.POST, path: string, body: unknown, headers: Record<string, string> = {}) {
  return h.call(handler, path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    params: { appId },
  });
}

async function detail(): Promise<Detail> {
  const qs = new URLSearchParams(target).toString();
  const response = await h.call(detailRoute.GET, `/api/apps/${appId}/distribution/detail?${qs}`, { params: { appId } });
  return (await response.json()) as Detail;
}

beforeAll(async () => {
  h = await startHarness();
  cleans = await import('./route');
  distributions = await import('../distributions/route');
  pushes = await import('../pushes/route');
  detailRoute = await import('../distribution/detail/route');
  const appsRoute = await import('../../route');
  const apps = (await (await h.call(appsRoute.GET, '/api/apps')).json()) as { apps: { appId: string }[] };
  appId = apps.apps[0]!.appId;
  const regionsRoute = await import('../regions/route');
  const listed = (await (
    await h.call(regionsRoute.GET, `/api/apps/${appId}/regions`, { params: { appId } })
  ).json()) as {
    regions: { regionId: string; instanceCount: number }[];
  };
  regions = listed.regions.filter((r) => r.instanceCount > 0).map((r) => r.regionId);
  // A version of our own, distributed to three regions, so the other tests' data stays apart.
  target = { name: 'clean-target.tar.gz', version: `c-${Date.now()}` };
  const three = regions.slice(0, 3);
  const strategy = [{ name: 'ScheduleToRegionId', operator: 'In', values: three }];
  const file = {
    ...target,
    size: 1024,
    archiveType: 'tar.gz',
    md5: '',
    url: 'https://artifacts.example.com/c.tar.gz',
    timeout: 600,
  };
  expect(
    (await post(pushes.POST, `/api/apps/${appId}/pushes`, { data: [file], strategy, idempotencyKey: newKey() })).status,
  ).toBe(201);
  await h.simPost('/__sim/clock', { advanceSeconds: 30 * 60 });
  const dist = {
    data: [{ ...target, destPath: '/opt/game', decompress: true, timeout: 600 }],
    strategy,
    idempotencyKey: newKey(),
  };
  expect((await post(distributions.POST, `/api/apps/${appId}/distributions`, dist)).status).toBe(201);
  await h.simPost('/__sim/clock', { advanceSeconds: 60 * 60 });
});

beforeEach(() => h.isolate());
afterAll(() => h.close());

const path = () => `/api/apps/${appId}/cleans`;

describe('POST /api/apps/{appId}/cleans', () => {
  test('cleans the version from exactly the chosen region, one CleanDistData, recorded with its actor', async () => {
    const before = await detail();
    const [cleaned, kept] = [regions[0]!, regions[1]!];
    const inCleaned = before.byRegion.find((r) => r.regionId === cleaned)!;
    const inKept = before.byRegion.find((r) => r.regionId === kept)!;
    const live = (c: Counts) => (c.SUCCESS ?? 0) + (c.FAILED ?? 0) + (c.DISTING ?? 0) + (c.POD_RESTARTING ?? 0);
    expect(live(inCleaned.counts)).toBeGreaterThan(0);
    const sent = await calls('CleanDistData');

    const response = await post(cleans.POST, path(), { ...target, regionIds: [cleaned], idempotencyKey: newKey() });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { cleanId: string; requestIds: string[]; regionIds: string[] };
    expect(body.regionIds).toEqual([cleaned]);
    expect(body.requestIds).toHaveLength(1);
    expect(await calls('CleanDistData')).toBe(sent + 1);

    // What ENS now reports: the cleaned region's instances are DELETED, the other region untouched.
    await h.isolate();
    const after = await detail();
    const nowCleaned = after.byRegion.find((r) => r.regionId === cleaned)!;
    const nowKept = after.byRegion.find((r) => r.regionId === kept)!;
    expect(live(nowCleaned.counts)).toBe(0);
    expect(nowCleaned.counts.DELETED).toBe(live(inCleaned.counts) + (inCleaned.counts.DELETED ?? 0));
    expect(nowKept.counts).toEqual(inKept.counts);

    const history = (await (
      await h.call(pushes.GET, `/api/apps/${appId}/pushes?name=${target.name}`, { params: { appId } })
    ).json()) as { pushes: { id: string; action: string | null; actor: string; state: string; strategy: unknown }[] };
    expect(history.pushes[0]).toMatchObject({
      id: body.cleanId,
      action: 'clean',
      actor: 'unauthenticated',
      state: 'sent',
      strategy: [{ name: 'ScheduleToRegionId', operator: 'In', values: [cleaned] }],
    });
  });

  test('the same idempotency key replays without a second CleanDistData', async () => {
    const key = newKey();
    const body = { ...target, regionIds: [regions[2]!], idempotencyKey: key };
    const first = await post(cleans.POST, path(), body);
    expect(first.status).toBe(201);
    const sent = await calls('CleanDistData');
    const again = await post(cleans.POST, path(), body);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await calls('CleanDistData')).toBe(sent);
  });

  test.each([
    ['no regions', { regionIds: [] }, 'regionIds'],
    ['regions missing', { regionIds: undefined }, 'regionIds'],
    ['a region repeated', { regionIds: ['cn-a-1', 'cn-a-1'] }, 'regionIds'],
    ['a malformed region', { regionIds: ['not a region'] }, 'regionIds.0'],
    ['an unknown field', { destPath: '/x' }, 'destPath'],
    ['no name', { name: undefined }, 'name'],
    ['a comma in the version', { version: 'a,b' }, 'version'],
  ])('%s: 400 naming the field, nothing sent upstream', async (_label, override, field) => {
    const sent = await calls('CleanDistData');
    const body = { ...target, regionIds: [regions[0]!], idempotencyKey: newKey(), ...override };
    const response = await post(cleans.POST, path(), body);
    expect(response.status).toBe(400);
    const error = ((await response.json()) as { error: { issues: { path: string; message: string }[] } }).error;
    expect(error.issues.map((i) => i.path)).toContain(field);
    expect(await calls('CleanDistData')).toBe(sent);
  });

  test('a region of another application is refused by name, nothing sent', async () => {
    const sent = await calls('CleanDistData');
    const response = await post(cleans.POST, path(), {
      ...target,
      regionIds: [regions[0]!, 'cn-nowhere-9'],
      idempotencyKey: newKey(),
    });
    expect(response.status).toBe(400);
    const error = ((await response.json()) as { error: { issues: { path: string; message: string }[] } }).error;
    expect(error.issues).toEqual([expect.objectContaining({ path: 'regionIds.1' })]);
    expect(error.issues[0]!.message).toContain('cn-nowhere-9');
    expect(await calls('CleanDistData')).toBe(sent);
  });

  test('no idempotency key: 400 naming it, nothing sent', async () => {
    const sent = await calls('CleanDistData');
    const response = await post(cleans.POST, path(), { ...target, regionIds: [regions[0]!] });
    expect(response.status).toBe(400);
    const error = ((await response.json()) as { error: { issues: { path: string }[] } }).error;
    expect(error.issues.map((i) => i.path)).toContain('idempotencyKey');
    expect(await calls('CleanDistData')).toBe(sent);
  });
});

describe('the action a push or distribution was', () => {
  test('is recorded in the history; an unknown action is refused by name with nothing sent', async () => {
    const data = [{ ...target, destPath: '/opt/game', decompress: true, timeout: 600 }];
    const strategy = [{ name: 'ScheduleToRegionId', operator: 'In', values: [regions[0]!] }];
    const sent = await calls('DistApplicationData');
    const bad = await post(distributions.POST, `/api/apps/${appId}/distributions`, {
      data,
      strategy,
      action: 'clean',
      idempotencyKey: newKey(),
    });
    expect(bad.status).toBe(400);
    const error = ((await bad.json()) as { error: { issues: { path: string }[] } }).error;
    expect(error.issues.map((i) => i.path)).toEqual(['action']);
    expect(await calls('DistApplicationData')).toBe(sent);

    const good = await post(distributions.POST, `/api/apps/${appId}/distributions`, {
      data,
      strategy,
      action: 'retry-failed',
      idempotencyKey: newKey(),
    });
    expect(good.status).toBe(201);
    const { distributionId } = (await good.json()) as { distributionId: string };
    expect(await calls('DistApplicationData')).toBe(sent + 1);
    const history = (await (
      await h.call(pushes.GET, `/api/apps/${appId}/pushes?name=${target.name}`, { params: { appId } })
    ).json()) as { pushes: { id: string; action: string | null; kind: string }[] };
    expect(history.pushes[0]).toMatchObject({ id: distributionId, action: 'retry-failed', kind: 'distribution' });
  });
});

describe('GET /api/apps/{appId}/pushes/outside', () => {
  test('lists a push ENS reports that no recorded push matches, and not the recorded ones', async () => {
    const outsideRoute = await import('../pushes/outside/route');
    const { getEnsClient } = await import('@/lib/ens/client');
    // A push straight to ENS, as the CLI would make it: nothing is recorded here.
    const elsewhere = { name: 'cli-pushed.bin', version: `cli-${Date.now()}` };
    await getEnsClient().pushApplicationData({
      appId,
      data: [
        {
          ...elsewhere,
          size: 1,
          archiveType: 'zip',
          md5: '',
          url: 'https://artifacts.example.com/cli.bin',
          timeout: 60,
        },
      ],
      regionIds: [regions[0]!],
    });
    const read = async (query: string) => {
      const response = await h.call(outsideRoute.GET, `/api/apps/${appId}/pushes/outside${query}`, {
        params: { appId },
      });
      expect(response.status).toBe(200);
      return (await response.json()) as {
        pushes: { name: string; version: string; regions: { regionId: string }[] }[];
      };
    };
    const all = await read('');
    const found = all.pushes.find((p) => p.name === elsewhere.name && p.version === elsewhere.version);
    expect(found?.regions.map((r) => r.regionId)).toEqual([regions[0]!]);
    // The version pushed through the dashboard (in beforeAll) is recorded, so it is not "outside".
    expect(all.pushes.some((p) => p.name === target.name && p.version === target.version)).toBe(false);
    const filtered = await read(`?${new URLSearchParams(elsewhere)}`);
    expect(filtered.pushes.map((p) => p.version)).toEqual([elsewhere.version]);
  });

  test('a bad filter is refused by name with nothing read from ENS', async () => {
    const outsideRoute = await import('../pushes/outside/route');
    const before = await calls('DescribeDataPushResult');
    const response = await h.call(outsideRoute.GET, `/api/apps/${appId}/pushes/outside?name=a,b`, {
      params: { appId },
    });
    expect(response.status).toBe(400);
    const error = ((await response.json()) as { error: { issues: { path: string }[] } }).error;
    expect(error.issues.map((i) => i.path)).toEqual(['name']);
    expect(await calls('DescribeDataPushResult')).toBe(before);
  });
});

describe('GET /api/apps/{appId}/distribution', () => {
  test('lists a version that was only pushed, with no instance, so its page can distribute it', async () => {
    const overviewRoute = await import('../distribution/route');
    const version = `pushed-only-${Date.now()}`;
    const response = await post(pushes.POST, `/api/apps/${appId}/pushes`, {
      data: [
        {
          name: 'pushed-only.pak',
          version,
          size: 1,
          archiveType: 'zip',
          md5: '',
          url: 'https://artifacts.example.com/p.pak',
          timeout: 60,
        },
      ],
      strategy: [{ name: 'ScheduleToRegionId', operator: 'In', values: [regions[0]!] }],
      idempotencyKey: newKey(),
    });
    expect(response.status).toBe(201);
    await h.isolate();
    const overview = (await (
      await h.call(overviewRoute.GET, `/api/apps/${appId}/distribution`, { params: { appId } })
    ).json()) as { items: { name: string; version: string; total: number; state: string }[] };
    expect(overview.items.find((i) => i.name === 'pushed-only.pak' && i.version === version)).toMatchObject({
      total: 0,
      state: 'no-instances',
    });
  });
});
