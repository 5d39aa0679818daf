import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { isDefinitiveFailure } from '@/features/push/model/idempotency';
import { startHarness, type Harness } from '../../../testing/harness';

/*
 * What a repeated idempotency key gets after each kind of outcome, against the real
 * simulator's fault injection and a real database. The push page keeps the key unless
 * isDefinitiveFailure() says the server decided, so each case also checks that the
 * page's rule matches what the server then does with the key.
 */

let h: Harness;
let pushes: typeof import('./route');
let db: Awaited<ReturnType<typeof import('@/lib/db/server').getDb>>;
let appId: string;
let regions: string[];

const file = () => ({
  name: `retry-${randomBytes(3).toString('hex')}.tar.gz`,
  version: '1.0.0',
  size: 1024,
  archiveType: 'tar.gz',
  md5: '',
  url: 'https://files.example.com/r.tar.gz',
  timeout: 600,
});
const key = () => `retry-key-${randomBytes(6).toString('hex')}`;

async function post(body: Record<string, unknown>) {
  const response = await h.call(pushes.POST, `/api/apps/${appId}/pushes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    params: { appId },
  });
  const json = (await response.json()) as { error?: { code: string; message: string }; pushId?: string };
  return { status: response.status, json };
}
const pushCalls = async () => (await h.stats()).calls.PushApplicationData ?? 0;
const stored = async (idempotencyKey: string) => (await db.pushes.getByIdempotencyKey(appId, idempotencyKey))!;

beforeAll(async () => {
  h = await startHarness();
  pushes = await import('./route');
  db = await (await import('@/lib/db/server')).getDb();
  const appsRoute = await import('../../route');
  appId = ((await (await h.call(appsRoute.GET, '/api/apps')).json()) as { apps: { appId: string }[] }).apps[0]!.appId;
  const regionsRoute = await import('../regions/route');
  const listed = (await (
    await h.call(regionsRoute.GET, `/api/apps/${appId}/regions`, { params: { appId } })
  ).json()) as { regions: { regionId: string }[] };
  regions = listed.regions.map((r) => r.regionId);
  // One push first, so the application's regions are cached before any fault is injected.
  expect((await post({ data: [file()], strategy: null, idempotencyKey: key() })).status).toBe(201);
});
afterEach(async () => {
  await h.simPost('/__sim/faults', {});
});
afterAll(async () => {
  await h.close();
});

describe('a transient failure lets the same key try again, recording each attempt', () => {
  test.each([
    ['throttled (ENS Throttling.User)', { throttleRate: 1 }, 429],
    ['ENS answering 503', { errorRate: 1 }, 503],
  ])('%s', async (_title, faults, status) => {
    const body = {
      data: [file()],
      strategy: [{ name: 'ScheduleToRegionId', operator: 'In', values: regions.slice(0, 1) }],
      idempotencyKey: key(),
    };
    await h.simPost('/__sim/faults', faults);
    const first = await post(body);
    expect(first.status).toBe(status);
    expect(isDefinitiveFailure(first.status, first.json.error!.code)).toBe(false);
    expect(await stored(body.idempotencyKey)).toMatchObject({ state: 'failed', error: { retryable: true } });

    // Still failing: a second attempt under the same key, recorded.
    expect((await post(body)).status).toBe(status);
    const attempts = async () => ((await stored(body.idempotencyKey)).error as { attempts?: unknown[] }).attempts;
    expect(await attempts()).toHaveLength(2);

    await h.simPost('/__sim/faults', {});
    const calls = await pushCalls();
    const third = await post(body);
    expect(third.status).toBe(201);
    expect(await pushCalls()).toBe(calls + 1);
    expect((await stored(body.idempotencyKey)).state).toBe('sent');
    expect(await attempts()).toHaveLength(2);

    // Once sent, the key replays the success without asking ENS again.
    const replay = await post(body);
    expect(replay.status).toBe(201);
    expect(replay.json.pushId).toBe(third.json.pushId);
    expect(await pushCalls()).toBe(calls + 1);
  });
});

describe('no answer from ENS is recorded as unknown, and the key is refused from then on', () => {
  test.each([
    ['a dropped connection', { dropRate: 1 }, 503],
    ['latency beyond the write timeout', { latencyMs: 2_600 }, 504],
  ])('%s', async (_title, faults, status) => {
    const body = { data: [file()], strategy: null, idempotencyKey: key() };
    await h.simPost('/__sim/faults', faults);
    const first = await post(body);
    expect(first.status).toBe(status);
    expect(first.json.error!.code).toBe('PushOutcomeUnknown');
    expect(first.json.error!.message).toMatch(/may or may not have reached ENS/);
    expect(isDefinitiveFailure(first.status, first.json.error!.code)).toBe(true);
    expect((await stored(body.idempotencyKey)).state).toBe('unknown');

    await h.simPost('/__sim/faults', {});
    const calls = await pushCalls();
    const again = await post(body);
    expect(again.status).toBe(409);
    expect(again.json.error!.code).toBe('PushOutcomeUnknown');
    expect(await pushCalls()).toBe(calls);
  });
});

describe('replays of recorded outcomes', () => {
  const entry = (data: ReturnType<typeof file>[], idempotencyKey: string) => ({
    appId,
    actor: 'anonymous',
    idempotencyKey,
    data,
    strategy: null,
    distribute: null,
  });

  test('a definitive rejection is replayed with its status and code, never as sent', async () => {
    const data = [file()];
    const k = key();
    const { push } = await db.pushes.createPending(entry(data, k));
    await db.pushes.markFailed(push.id, {
      message: 'ENS rejected the request (InvalidParameter.Data): bad',
      code: 'InvalidParameter.Data',
      httpStatus: 400,
    });
    const calls = await pushCalls();
    const answer = await post({ data, strategy: null, idempotencyKey: k });
    expect(answer.status).toBe(400);
    expect(answer.json.error!.code).toBe('InvalidParameter.Data');
    expect(isDefinitiveFailure(answer.status, answer.json.error!.code)).toBe(true);
    expect(await pushCalls()).toBe(calls);
  });

  test('a push cut off by a crash answers PushOutcomeUnknown, one still in flight PushInProgress', async () => {
    const data = [file()];
    const crashed = key();
    await db.pushes.createPending(entry(data, crashed));
    await db.pushes.markPendingAsUnknown();
    const interrupted = await post({ data, strategy: null, idempotencyKey: crashed });
    expect([interrupted.status, interrupted.json.error!.code]).toEqual([409, 'PushOutcomeUnknown']);
    expect(isDefinitiveFailure(interrupted.status, interrupted.json.error!.code)).toBe(true);

    const inFlight = key();
    await db.pushes.createPending(entry(data, inFlight));
    const busy = await post({ data, strategy: null, idempotencyKey: inFlight });
    expect([busy.status, busy.json.error!.code]).toEqual([409, 'PushInProgress']);
    expect(isDefinitiveFailure(busy.status, busy.json.error!.code)).toBe(false);
  });

  test('the key is bound to the strategy and the distribution settings, not only the files', async () => {
    const data = [file()];
    const k = key();
    const distribute = { destPath: '/root/installed', decompress: true, timeout: 600 };
    expect((await post({ data, strategy: null, idempotencyKey: k, distribute })).status).toBe(201);
    const otherStrategy = await post({
      data,
      strategy: [{ name: 'ScheduleToRegionId', operator: 'In', values: regions.slice(0, 1) }],
      idempotencyKey: k,
      distribute,
    });
    expect([otherStrategy.status, otherStrategy.json.error?.code]).toEqual([422, 'IdempotencyKeyReused']);
    const otherDistribution = await post({
      data,
      strategy: null,
      idempotencyKey: k,
      distribute: { ...distribute, destPath: '/opt' },
    });
    expect([otherDistribution.status, otherDistribution.json.error?.code]).toEqual([422, 'IdempotencyKeyReused']);
    const same = await post({ data, strategy: null, idempotencyKey: k, distribute });
    expect(same.status).toBe(201);
  });
});
