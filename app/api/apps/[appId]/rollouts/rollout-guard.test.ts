import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createRolloutAnswerSchema, rolloutListSchema } from '@/lib/contracts/rollouts';
import { startHarness, type Harness } from '../../../testing/harness';

/*
 * A file version a staged rollout drives belongs to the rollout: a person's push,
 * distribution or clean of it is refused with 409 naming the rollout, nothing is sent
 * to ENS and nothing is recorded; the engine's own writes still go out; another version
 * of the same file, a key used before the rollout, and the version once the rollout
 * ended are not refused. And the version page finds the rollout with ?name=&version=.
 */

let h: Harness;
let rollouts: typeof import('./route');
let actions: typeof import('./[rolloutId]/[action]/route');
let pushes: typeof import('../pushes/route');
let distributions: typeof import('../distributions/route');
let cleans: typeof import('../cleans/route');
let appId: string;
let regions: string[];

const OTTO = {
  'x-ens-peer-address': '10.1.2.3',
  'x-ens-peer-proof': 'test-peer-proof',
  'x-forwarded-user': 'otto',
  'x-forwarded-groups': 'ens-operators',
};

let seq = 0;
const key = () => `guard-${Date.now()}-${++seq}`;
// One active rollout per file name: each test rolls out a file of its own.
let NAME = '';
const file = (version: string) => ({
  name: NAME,
  version,
  size: 1024,
  archiveType: 'tar.gz',
  md5: '',
  url: 'https://artifacts.example.com/guarded.pak',
  timeout: 600,
});
const distribute = { destPath: '/opt/game', decompress: true, timeout: 600 };
const only = (values: string[]) => [{ name: 'ScheduleToRegionId', operator: 'In', values }];
const writes = async () => {
  const { calls } = await h.stats();
  return (calls.PushApplicationData ?? 0) + (calls.DistApplicationData ?? 0) + (calls.CleanDistData ?? 0);
};

async function post(handler: typeof pushes.POST, path: string, body: unknown, params: Record<string, string> = {}) {
  return h.call(handler, path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...OTTO },
    body: JSON.stringify(body),
    params: { appId, ...params },
  });
}

const pushBody = (version: string, idempotencyKey = key()) => ({
  data: [file(version)],
  strategy: only([regions[0]!]),
  distribute,
  idempotencyKey,
});
const distBody = (version: string) => ({
  data: [{ name: NAME, version, ...distribute }],
  strategy: only([regions[0]!]),
  idempotencyKey: key(),
});
const cleanBody = (version: string) => ({ name: NAME, version, regionIds: [regions[0]!], idempotencyKey: key() });

/** Starts a two-stage rollout of NAME@version; its first stage goes to the first region. */
async function startRollout(version: string): Promise<string> {
  const response = await post(rollouts.POST, `/api/apps/${appId}/rollouts`, {
    data: [file(version)],
    distribute,
    stages: [
      { name: 'canary', strategy: only([regions[0]!]), bakeSeconds: 0 },
      { name: 'all', strategy: null },
    ],
    idempotencyKey: key(),
  });
  expect(response.status).toBe(201);
  return createRolloutAnswerSchema.parse(await response.json()).rolloutId;
}

async function historyOf(version: string): Promise<{ idempotencyKey: string; actor: string; state: string }[]> {
  const route = await import('../pushes/route');
  const response = await h.call(
    route.GET,
    `/api/apps/${appId}/pushes?${new URLSearchParams({ name: NAME, version })}`,
    {
      headers: OTTO,
      params: { appId },
    },
  );
  return ((await response.json()) as { pushes: { idempotencyKey: string; actor: string; state: string }[] }).pushes;
}

beforeAll(async () => {
  h = await startHarness({
    AUTH_MODE: 'proxy',
    TRUSTED_PROXY_CIDRS: '10.0.0.0/8',
    ROLE_GROUPS_OPERATOR: 'ens-operators',
  });
  rollouts = await import('./route');
  actions = await import('./[rolloutId]/[action]/route');
  pushes = await import('../pushes/route');
  distributions = await import('../distributions/route');
  cleans = await import('../cleans/route');
  const appsRoute = await import('../../route');
  const apps = (await (await h.call(appsRoute.GET, '/api/apps', { headers: OTTO })).json()) as {
    apps: { appId: string }[];
  };
  appId = apps.apps[0]!.appId;
  const regionsRoute = await import('../regions/route');
  const listed = (await (
    await h.call(regionsRoute.GET, `/api/apps/${appId}/regions`, { headers: OTTO, params: { appId } })
  ).json()) as { regions: { regionId: string; instanceCount: number }[] };
  regions = listed.regions.filter((r) => r.instanceCount > 0).map((r) => r.regionId);
});

beforeEach(async () => {
  NAME = `guarded-${Date.now()}-${++seq}.pak`;
  await h.isolate();
});
afterAll(() => h.close());

describe('a person writing a file version an active rollout drives', () => {
  test('push, distribution and clean are refused with 409 naming the rollout; nothing reaches ENS or the audit log', async () => {
    const version = `g-${Date.now()}`;
    const rolloutId = await startRollout(version);
    const before = await writes();
    const attempts = [
      await post(pushes.POST, `/api/apps/${appId}/pushes`, pushBody(version)),
      await post(distributions.POST, `/api/apps/${appId}/distributions`, distBody(version)),
      await post(cleans.POST, `/api/apps/${appId}/cleans`, cleanBody(version)),
    ];
    for (const response of attempts) {
      expect(response.status).toBe(409);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      expect(error.code).toBe('RolloutActive');
      expect(error.message).toContain(rolloutId);
      expect(error.message).toContain(`${NAME} ${version}`);
    }
    expect(await writes()).toBe(before);
    expect(await historyOf(version)).toEqual([]);
  });

  test("the engine's own steps are not refused: it pre-pushes the stage it drives", async () => {
    const version = `e-${Date.now()}`;
    const rolloutId = await startRollout(version);
    const { getDb } = await import('@/lib/db/server');
    const { getEnsClient } = await import('@/lib/ens/client');
    const { engineRig } = await import('@/lib/server/rollouts/engine-support');
    const pushesOfVersion = async () => {
      const { records } = (await (await fetch(`${h.sim.url}/__sim/records`)).json()) as {
        records: { action: string; params: Record<string, string> }[];
      };
      return records.filter((r) => r.action === 'PushApplicationData' && JSON.stringify(r.params).includes(version));
    };
    expect(await pushesOfVersion()).toEqual([]);
    await engineRig(await getDb(), getEnsClient()).tick();
    // ENS received the stage's pre-push of this very version, recorded under the engine's key.
    expect(await pushesOfVersion()).toHaveLength(1);
    const history = await historyOf(version);
    expect(history).toEqual([expect.objectContaining({ actor: `engine (rollout ${rolloutId})`, state: 'sent' })]);
    expect(history[0]!.idempotencyKey).toMatch(new RegExp(`^rollout:${rolloutId}:0:push:`));
  });

  test('another version of the same file, a key used before the rollout, and the version after an abort are not refused', async () => {
    const version = `o-${Date.now()}`;
    // A push made before the rollout: repeating it replays the first answer.
    const earlier = pushBody(version);
    expect((await post(pushes.POST, `/api/apps/${appId}/pushes`, earlier)).status).toBe(201);
    const rolloutId = await startRollout(version);
    const replay = await post(pushes.POST, `/api/apps/${appId}/pushes`, earlier);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');

    expect((await post(pushes.POST, `/api/apps/${appId}/pushes`, pushBody(`${version}-next`))).status).toBe(201);

    const abort = await post(
      actions.POST,
      `/api/apps/${appId}/rollouts/${rolloutId}/abort`,
      { reason: 'done by hand' },
      { rolloutId, action: 'abort' },
    );
    expect(abort.status).toBe(200);
    const before = await writes();
    expect((await post(distributions.POST, `/api/apps/${appId}/distributions`, distBody(version))).status).toBe(201);
    expect(await writes()).toBe(before + 1);
  });
});

describe('GET /api/apps/{appId}/rollouts?name=&version=', () => {
  test('lists the rollouts of that file version only, with the list fields unchanged', async () => {
    const version = `l-${Date.now()}`;
    const mine = await startRollout(version);
    const list = async (query: Record<string, string>) => {
      const response = await h.call(rollouts.GET, `/api/apps/${appId}/rollouts?${new URLSearchParams(query)}`, {
        headers: OTTO,
        params: { appId },
      });
      expect(response.status).toBe(200);
      return rolloutListSchema.parse(await response.json()).rollouts;
    };
    const found = await list({ name: NAME, version });
    expect(found.map((r) => r.rolloutId)).toEqual([mine]);
    expect(found[0]).toMatchObject({ state: 'running', stageCount: 2, data: [{ name: NAME, version }] });
    expect(await list({ name: NAME, version: `${version}-none` })).toEqual([]);
    expect(await list({ name: 'other.pak', version })).toEqual([]);
    expect((await list({ version })).map((r) => r.rolloutId)).toEqual([mine]);
    const bad = await h.call(rollouts.GET, `/api/apps/${appId}/rollouts?version=`, {
      headers: OTTO,
      params: { appId },
    });
    expect(bad.status).toBe(400);
  });
});
