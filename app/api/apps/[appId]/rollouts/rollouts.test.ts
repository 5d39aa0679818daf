import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createRolloutAnswerSchema,
  rollbackPreviewSchema,
  rolloutListSchema,
  rolloutViewSchema,
} from '@/lib/contracts/rollouts';
import { startHarness, type Harness } from '../../../testing/harness';

/*
 * The rollout routes as a client sees them: validation by field path with nothing sent
 * to ENS, one active rollout per file, idempotent creation, the actions each state
 * admits, and the four-eyes rule on approvals.
 */

let h: Harness;
let collection: typeof import('./route');
let one: typeof import('./[rolloutId]/route');
let actions: typeof import('./[rolloutId]/[action]/route');
let approve: typeof import('./[rolloutId]/approve/route');
let preview: typeof import('./[rolloutId]/rollback-preview/route');
let plans: typeof import('../rollout-plans/route');
let appId: string;
let regions: string[];

const TRUSTED_PEER = '10.1.2.3';
const as = (user: string, groups: string) => ({
  'x-ens-peer-address': TRUSTED_PEER,
  'x-ens-peer-proof': 'test-peer-proof',
  'x-forwarded-user': user,
  'x-forwarded-groups': groups,
});
const OTTO = as('otto', 'ens-operators');
const ANNA = as('anna', 'ens-approvers');
const BOTH = as('otto', 'ens-operators,ens-approvers');
const VERA = as('vera', 'staff');

let seq = 0;
const key = () => `rollout-test-${Date.now()}-${++seq}`;
const file = (name = 'game-client.pak', version = `2.4.${++seq}`) => ({
  name,
  version,
  size: 1024,
  archiveType: 'tar.gz',
  md5: '',
  url: 'https://artifacts.example.com/game-client.pak',
  timeout: 1800,
});
const distribute = { destPath: '/root/installed', decompress: true, timeout: 1800 };
const policy = (values: string[]) => [{ name: 'ScheduleToRegionId', operator: 'In', values }];

async function create(body: unknown, headers: Record<string, string> = OTTO) {
  return h.call(collection.POST, `/api/apps/${appId}/rollouts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    params: { appId },
  });
}

async function act(rolloutId: string, action: string, body: unknown, headers: Record<string, string> = OTTO) {
  const handler = action === 'approve' ? approve.POST : actions.POST;
  return h.call(handler, `/api/apps/${appId}/rollouts/${rolloutId}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    params: action === 'approve' ? { appId, rolloutId } : { appId, rolloutId, action },
  });
}

async function view(rolloutId: string) {
  const response = await h.call(one.GET, `/api/apps/${appId}/rollouts/${rolloutId}`, {
    headers: VERA,
    params: { appId, rolloutId },
  });
  expect(response.status).toBe(200);
  return rolloutViewSchema.parse(await response.json());
}

const writes = async () => {
  const { calls } = await h.stats();
  return (calls.PushApplicationData ?? 0) + (calls.DistApplicationData ?? 0) + (calls.CleanDistData ?? 0);
};

beforeAll(async () => {
  h = await startHarness({
    AUTH_MODE: 'proxy',
    TRUSTED_PROXY_CIDRS: '10.0.0.0/8',
    ROLE_GROUPS_OPERATOR: 'ens-operators',
    ROLE_GROUPS_APPROVER: 'ens-approvers',
  });
  collection = await import('./route');
  one = await import('./[rolloutId]/route');
  actions = await import('./[rolloutId]/[action]/route');
  approve = await import('./[rolloutId]/approve/route');
  preview = await import('./[rolloutId]/rollback-preview/route');
  plans = await import('../rollout-plans/route');
  const appsRoute = await import('../../route');
  const apps = (await (await h.call(appsRoute.GET, '/api/apps', { headers: VERA })).json()) as {
    apps: { appId: string }[];
  };
  appId = apps.apps[0]!.appId;
  const regionsRoute = await import('../regions/route');
  const listed = (await (
    await h.call(regionsRoute.GET, `/api/apps/${appId}/regions`, { headers: VERA, params: { appId } })
  ).json()) as { regions: { regionId: string }[] };
  regions = listed.regions.map((r) => r.regionId);
});

afterAll(async () => {
  await h?.close();
});

describe('POST /api/apps/{appId}/rollouts', () => {
  test('creates a staged rollout: 201 with its stages and their regions, and a view with the plan and timeline', async () => {
    const [a, b] = regions as [string, string];
    const response = await create({
      data: [file()],
      distribute,
      stages: [
        { name: 'canary', strategy: policy([a]), gate: { maxFailed: 1 }, bakeSeconds: 0 },
        { name: 'all', strategy: null },
      ],
      idempotencyKey: key(),
    });
    expect(response.status).toBe(201);
    const answer = createRolloutAnswerSchema.parse(await response.json());
    expect(answer.state).toBe('running');
    expect(answer.stages[0]).toEqual({ name: 'canary', state: 'pending', regions: [a] });
    expect(answer.stages[1]!.regions).toEqual(regions);

    const v = await view(answer.rolloutId);
    expect(v.stages[0]!.gate).toMatchObject({ maxFailed: 1, maxFailedPct: 5, minFinishedPct: 95, verdict: null });
    // Defaults: 10 min bake, 30 min for the last stage; halt on breach.
    expect(v.stages.map((s) => [s.bakeSeconds, s.onBreach])).toEqual([
      [0, 'halt'],
      [1800, 'halt'],
    ]);
    expect(v.stages[1]!.newRegions).toEqual(regions.filter((r) => r !== a));
    expect(v.timeline).toEqual([expect.objectContaining({ actor: 'otto', action: 'created' })]);
    expect(v.actions).toEqual(['pause', 'abort']);
    expect(b).toBeDefined();
    await act(answer.rolloutId, 'abort', { reason: 'test over' });
  });

  test('every problem is named by its field path, and nothing reaches ENS', async () => {
    const [a, b] = regions as [string, string];
    const before = await writes();
    const response = await create({
      data: [{ ...file(), url: 'http://169.254.169.254/latest' }],
      distribute: { ...distribute, destPath: 'relative' },
      stages: [
        { name: 'canary', strategy: policy([a, b]), gate: { maxFailedPct: 150 } },
        { name: 'narrower', strategy: policy([a]) },
        { name: 'canary', strategy: policy(['cn-nowhere-1']) },
      ],
      idempotencyKey: key(),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { issues: { path: string; message: string }[] } };
    const paths = body.error.issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining(['distribute.destPath', 'stages.0.gate.maxFailedPct', 'stages.2.name']),
    );
    expect(await writes()).toBe(before);

    // Regions are checked once the shape is right: a stage must widen the previous one.
    const narrowing = await create({
      data: [file()],
      distribute,
      stages: [
        { name: 'canary', strategy: policy([a, b]) },
        { name: 'narrower', strategy: policy([a]) },
      ],
      idempotencyKey: key(),
    });
    expect(narrowing.status).toBe(400);
    expect(JSON.stringify(await narrowing.json())).toMatch(/stages\.1\.strategy.*drops/);
    expect(await writes()).toBe(before);
  });

  test('one active rollout per file name: the second gets 409 naming the first; the same key replays the first', async () => {
    const [a] = regions as [string];
    const body = {
      data: [file('exclusive.pak')],
      distribute,
      stages: [{ name: 'canary', strategy: policy([a]) }],
      idempotencyKey: key(),
    };
    const first = createRolloutAnswerSchema.parse(await (await create(body)).json());
    const replay = await create(body);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(((await replay.json()) as { rolloutId: string }).rolloutId).toBe(first.rolloutId);

    const reused = await create({ ...body, stages: [{ name: 'other', strategy: policy([a]) }] });
    expect(reused.status).toBe(422);

    const second = await create({ ...body, data: [file('exclusive.pak')], idempotencyKey: key() });
    expect(second.status).toBe(409);
    expect(((await second.json()) as { error: { message: string } }).error.message).toContain(first.rolloutId);

    await act(first.rolloutId, 'abort', { reason: 'making room' });
    expect((await create({ ...body, data: [file('exclusive.pak')], idempotencyKey: key() })).status).toBe(201);
  });
});

describe('actions', () => {
  async function pendingApproval(headers = OTTO) {
    const [a] = regions as [string];
    const response = await create(
      {
        data: [file(`approval-${++seq}.pak`)],
        distribute,
        stages: [{ name: 'canary', strategy: policy([a]) }],
        startApproval: true,
        idempotencyKey: key(),
      },
      headers,
    );
    return createRolloutAnswerSchema.parse(await response.json()).rolloutId;
  }

  test('a start approval: refused to the creator (four eyes), to an operator without the role, and accepted from an approver', async () => {
    const id = await pendingApproval(BOTH);
    expect((await view(id)).state).toBe('pending-approval');
    const self = await act(id, 'approve', { reason: 'me' }, BOTH);
    expect(self.status).toBe(403);
    expect(JSON.stringify(await self.json())).toMatch(/Self-approval is off/);
    expect((await act(id, 'approve', { reason: 'x' }, OTTO)).status).toBe(403);

    const ok = await act(id, 'approve', { reason: 'release window open' }, ANNA);
    expect(ok.status).toBe(200);
    const after = rolloutViewSchema.parse(await ok.json());
    expect(after.state).toBe('running');
    expect(after.timeline.at(-1)).toMatchObject({ actor: 'anna', action: 'approve', reason: 'release window open' });
    await act(id, 'abort', { reason: 'test over' });
  });

  test('an action the state does not admit is 409 with the current state; a reason is required', async () => {
    const id = await pendingApproval();
    const noReason = await act(id, 'pause', {});
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(await noReason.json())).toMatch(/reason/);
    const pause = await act(id, 'pause', { reason: 'not started yet' });
    expect(pause.status).toBe(409);
    expect(((await pause.json()) as { error: { message: string } }).error.message).toMatch(
      /pause is not possible while the rollout is pending-approval/,
    );
    const unknown = await act(id, 'explode', { reason: 'x' });
    expect(unknown.status).toBe(400);

    expect((await act(id, 'abort', { reason: 'wrong file' })).status).toBe(200);
    const again = await act(id, 'abort', { reason: 'twice' });
    expect(again.status).toBe(409);
    expect((await view(id)).timeline.map((e) => e.action)).toEqual(['created', 'abort']);
  });

  test('lists by state and name, those waiting for a person first; the rollback preview answers before anything ran', async () => {
    const id = await pendingApproval();
    const list = await h.call(collection.GET, `/api/apps/${appId}/rollouts?state=pending-approval`, {
      headers: VERA,
      params: { appId },
    });
    const { rollouts } = rolloutListSchema.parse(await list.json());
    expect(rollouts.map((r) => r.rolloutId)).toContain(id);
    expect(rollouts.every((r) => r.state === 'pending-approval' && r.needsPerson)).toBe(true);

    const bad = await h.call(collection.GET, `/api/apps/${appId}/rollouts?state=sideways`, {
      headers: VERA,
      params: { appId },
    });
    expect(bad.status).toBe(400);

    const p = await h.call(preview.GET, `/api/apps/${appId}/rollouts/${id}/rollback-preview`, {
      headers: VERA,
      params: { appId, rolloutId: id },
    });
    expect(p.status).toBe(409);
    await act(id, 'abort', { reason: 'test over' });
    expect(rollbackPreviewSchema).toBeDefined();
  });
});

describe('saved plans', () => {
  test('an operator saves a plan; everyone lists it; a plan that does not widen is refused by field', async () => {
    const [a] = regions as [string];
    const save = (body: unknown, headers = OTTO) =>
      h.call(plans.POST, `/api/apps/${appId}/rollout-plans`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
        params: { appId },
      });
    const stages = [
      { name: 'canary', strategy: policy([a]) },
      { name: 'all', strategy: null },
    ];
    expect((await save({ name: 'canary then all', stages }, VERA)).status).toBe(403);
    expect((await save({ name: 'canary then all', stages })).status).toBe(201);
    const bad = await save({ name: 'bad', stages: [stages[1], stages[0]] });
    expect(bad.status).toBe(400);
    const listed = (await (
      await h.call(plans.GET, `/api/apps/${appId}/rollout-plans`, { headers: VERA, params: { appId } })
    ).json()) as { plans: { name: string; createdBy: string }[] };
    expect(listed.plans).toEqual([expect.objectContaining({ name: 'canary then all', createdBy: 'otto' })]);
  });
});
