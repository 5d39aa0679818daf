/**
 * The HTTP front against a stub model: requests signed by the unmodified
 * `@alicloud/openapi-client` are accepted; the same requests with one thing
 * changed are rejected with the service's codes.
 */
import OpenApi, * as $OpenApi from '@alicloud/openapi-client';
import OpenApiUtil from '@alicloud/openapi-util';
import * as $Util from '@alicloud/tea-util';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { SimError } from './errors';
import { serveSimulator } from './rpc-server';
import { signRequest, acsDate, type SignedRequest } from './test-signer';
import type { ActionParams, RunningSimulator, SimStore } from './types';

const AK = 'LTAI5tStubStubStubStubStub';
const SECRET = 'stub-secret-0123456789abcdefgh';
const UUID_UPPER = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

class StubStore implements SimStore {
  clock = Date.parse('2024-05-20T08:00:00Z');
  resets = 0;
  stopped = false;

  handle(action: string, params: ActionParams): unknown {
    switch (action) {
      case 'DescribeEnsRegions':
        return { EnsRegions: { EnsRegions: [{ EnsRegionId: 'cn-wuxi-5' }] }, Echo: params };
      case 'PushApplicationData':
        if (!params.AppId) throw new SimError('MissingParameter', 'AppId is mandatory.');
        return { PushResults: {}, Echo: params };
      case 'Explode':
        throw new Error('secret internal detail');
      default:
        throw new SimError('InvalidApi.NotFound', `Specified api ${action} is not found.`, 404);
    }
  }
  advance(seconds: number): void {
    this.clock += seconds * 1000;
  }
  reset(): void {
    this.resets++;
  }
  now(): number {
    return this.clock;
  }
  stop(): void {
    this.stopped = true;
  }
}

let store: StubStore;
let sim: RunningSimulator;

beforeAll(async () => {
  store = new StubStore();
  // Seeded, so the fault-rate assertions cannot flake.
  sim = await serveSimulator({ store, accessKeyId: AK, accessKeySecret: SECRET, port: 0, random: mulberry32(20240520) });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await control('POST', 'reset');
});

// ------------------------------------------------------------------ helpers

function sdkClient(accessKeyId = AK, accessKeySecret = SECRET): OpenApi {
  return new OpenApi(new $OpenApi.Config({ accessKeyId, accessKeySecret, endpoint: sim.endpoint, protocol: 'http' }));
}

interface SdkCall {
  action?: string;
  params?: Record<string, unknown>;
  asForm?: boolean;
  method?: 'GET' | 'POST';
  client?: OpenApi;
}

async function sdkCall({ action = 'DescribeEnsRegions', params = {}, asForm = false, method = 'POST', client = sdkClient() }: SdkCall) {
  const request = new $OpenApi.OpenApiRequest(asForm ? { body: params } : { query: OpenApiUtil.query(params) });
  const apiParams = new $OpenApi.Params({
    action,
    version: '2017-11-10',
    protocol: 'HTTP',
    pathname: '/',
    method,
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  });
  return client.callApi(apiParams, request, new $Util.RuntimeOptions({}));
}

async function sdkError(call: SdkCall): Promise<{ code: string; statusCode: number }> {
  const err: unknown = await sdkCall(call).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  const { code, statusCode } = err as { code: string; statusCode: number };
  return { code, statusCode };
}

function sign(overrides: Partial<Parameters<typeof signRequest>[0]> = {}): SignedRequest {
  return signRequest({
    accessKeyId: AK,
    accessKeySecret: SECRET,
    host: sim.endpoint,
    action: 'DescribeEnsRegions',
    query: { EnsRegionId: 'cn-wuxi-5', Note: "a b!*()~'中" },
    ...overrides,
  });
}

interface Answer {
  status: number;
  contentType: string | null;
  json: Record<string, unknown>;
}

/** Sends a signed request with fetch; fetch sets `host` itself, which the signer signed identically. */
async function send(req: SignedRequest, tamper: (r: SignedRequest) => SignedRequest = (r) => r): Promise<Answer> {
  const { headers, path, method, body } = tamper(structuredClone(req));
  const { host: _host, ...rest } = headers;
  const res = await fetch(`${sim.url}${path}`, { method, headers: rest, body });
  return { status: res.status, contentType: res.headers.get('content-type'), json: (await res.json()) as Record<string, unknown> };
}

async function control(method: 'GET' | 'POST', name: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${sim.url}/__sim/${name}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
  });
  return { status: res.status, contentType: res.headers.get('content-type'), json: (await res.json()) as Record<string, unknown> };
}

const codeOf = (a: Answer) => `${a.status} ${String(a.json.Code)}`;

// ------------------------------------------------------------------ tests

describe('requests signed by @alicloud/openapi-client', () => {
  test('a query-string call is accepted and its parameters decoded', async () => {
    const params = {
      EnsRegionIds: ['cn-chengdu-telecom-4', 'cn-wuxi-5'],
      Note: "a b!*()~'中+%",
      PageSize: 10,
    };
    const res = await sdkCall({ params: { ...params, EnsRegionIds: JSON.stringify(params.EnsRegionIds) } });
    expect(res.statusCode).toBe(200);
    expect(res.body.RequestId).toMatch(UUID_UPPER);
    expect(res.body.Echo).toEqual({ EnsRegionIds: '["cn-chengdu-telecom-4","cn-wuxi-5"]', Note: "a b!*()~'中+%", PageSize: '10' });
  });

  test('a form-body call is accepted and its body parameters read', async () => {
    const res = await sdkCall({ action: 'PushApplicationData', params: { AppId: 'app-1', Data: '[{"name":"a b+c"}]' }, asForm: true });
    expect(res.body.Echo).toEqual({ AppId: 'app-1', Data: '[{"name":"a b+c"}]' });
  });

  test('a GET call is accepted', async () => {
    const res = await sdkCall({ method: 'GET', params: { EnsRegionId: 'cn-wuxi-5' } });
    expect(res.body.Echo).toEqual({ EnsRegionId: 'cn-wuxi-5' });
  });

  test('the wrong secret is SignatureDoesNotMatch (400)', async () => {
    expect(await sdkError({ client: sdkClient(AK, 'not-the-secret') })).toEqual({ code: 'SignatureDoesNotMatch', statusCode: 400 });
  });

  test('an unknown AccessKey is InvalidAccessKeyId.NotFound (404)', async () => {
    expect(await sdkError({ client: sdkClient('LTAI5tNobodyNobodyNobody', SECRET) })).toEqual({
      code: 'InvalidAccessKeyId.NotFound',
      statusCode: 404,
    });
  });

  test("the model's rejections keep their code and status", async () => {
    expect(await sdkError({ action: 'PushApplicationData' })).toEqual({ code: 'MissingParameter', statusCode: 400 });
    expect(await sdkError({ action: 'NoSuchAction' })).toEqual({ code: 'InvalidApi.NotFound', statusCode: 404 });
  });
});

describe('a valid request with exactly one thing changed', () => {
  test('the untampered request is accepted', async () => {
    const res = await send(sign());
    expect(res.status).toBe(200);
    expect(res.json.Echo).toEqual({ EnsRegionId: 'cn-wuxi-5', Note: "a b!*()~'中" });
  });

  test.each<[string, Partial<Parameters<typeof signRequest>[0]>, (r: SignedRequest) => SignedRequest, string]>([
    ['one byte of a form body', { query: {}, body: 'AppId=app-1&PageSize=10' }, (r) => ({ ...r, body: 'AppId=app-2&PageSize=10' }), '400 SignatureDoesNotMatch'],
    ['one query value', {}, (r) => ({ ...r, path: r.path.replace('cn-wuxi-5', 'cn-wuxi-6') }), '400 SignatureDoesNotMatch'],
    ['an added query parameter', {}, (r) => ({ ...r, path: `${r.path}&PageSize=10` }), '400 SignatureDoesNotMatch'],
    [
      'one signed header value',
      { extraHeaders: { 'x-acs-credentials-provider': 'static_ak' } },
      (r) => ({ ...r, headers: { ...r.headers, 'x-acs-credentials-provider': 'static_sts' } }),
      '400 SignatureDoesNotMatch',
    ],
    ['the action header', {}, (r) => ({ ...r, headers: { ...r.headers, 'x-acs-action': 'PushApplicationData' } }), '400 SignatureDoesNotMatch'],
    ['the method', {}, (r) => ({ ...r, method: r.method === 'POST' ? 'GET' : 'POST' }), '400 SignatureDoesNotMatch'],
    ['a stale x-acs-date', {}, (r) => ({ ...r, headers: { ...r.headers, 'x-acs-date': acsDate(Date.now() - 16 * 60_000) } }), '400 InvalidTimeStamp.Expired'],
    ['a future x-acs-date', {}, (r) => ({ ...r, headers: { ...r.headers, 'x-acs-date': acsDate(Date.now() + 16 * 60_000) } }), '400 InvalidTimeStamp.Expired'],
    ['a malformed x-acs-date', {}, (r) => ({ ...r, headers: { ...r.headers, 'x-acs-date': '2024-05-20 08:00:00' } }), '400 InvalidTimeStamp.Format'],
    ['no Authorization', {}, (r) => ({ ...r, headers: without(r.headers, 'authorization') }), '400 IncompleteSignature'],
    ['a signed header removed', {}, (r) => ({ ...r, headers: without(r.headers, 'x-acs-signature-nonce') }), '400 IncompleteSignature'],
    ['the nonce taken out of SignedHeaders', {}, (r) => ({ ...r, headers: editAuth(r.headers, ';x-acs-signature-nonce', '') }), '400 IncompleteSignature'],
    ['the Credential', {}, (r) => ({ ...r, headers: editAuth(r.headers, AK, 'LTAI5tSomeoneElseSomeone') }), '404 InvalidAccessKeyId.NotFound'],
  ])('%s → %s, and the original still goes through', async (_name, overrides, tamper, expected) => {
    const original = sign(overrides);
    const tampered = await send(original, tamper);
    expect(codeOf(tampered)).toBe(expected);
    expect(tampered.json.RequestId).toMatch(UUID_UPPER);
    expect(tampered.contentType).toBe('application/json;charset=utf-8');
    expect((await send(original)).status).toBe(200);
  });

  test('a signature computed with a different secret → 400 SignatureDoesNotMatch', async () => {
    expect(codeOf(await send(sign({ accessKeySecret: 'other-secret-0123456789abcdefg' })))).toBe('400 SignatureDoesNotMatch');
  });

  test('a reused nonce → 400 SignatureNonceUsed', async () => {
    const req = sign();
    expect((await send(req)).status).toBe(200);
    expect(codeOf(await send(req))).toBe('400 SignatureNonceUsed');
  });

  test('a form body whose hash header was recomputed but not re-signed → 400 SignatureDoesNotMatch', async () => {
    const original = sign({ query: {}, body: 'AppId=app-1' });
    const { createHash } = await import('node:crypto');
    const res = await send(original, (r) => ({
      ...r,
      body: 'AppId=app-2',
      headers: { ...r.headers, 'x-acs-content-sha256': createHash('sha256').update('AppId=app-2').digest('hex') },
    }));
    expect(codeOf(res)).toBe('400 SignatureDoesNotMatch');
  });
});

describe('routing and answers', () => {
  test('a version other than 2017-11-10 → 400 InvalidVersion', async () => {
    expect(codeOf(await send(sign({ version: '2014-05-26' })))).toBe('400 InvalidVersion');
  });

  test('a path other than / → 404 InvalidApi.NotFound', async () => {
    expect(codeOf(await send(sign(), (r) => ({ ...r, path: r.path.replace('/?', '/other?') })))).toBe('404 InvalidApi.NotFound');
  });

  test('an exception in the model → 500 InternalError without its details', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const res = await send(sign({ action: 'Explode' }));
    expect(logged).toHaveBeenCalledWith('[ens-simulator] internal error', expect.any(Error));
    logged.mockRestore();
    expect(codeOf(res)).toBe('500 InternalError');
    expect(JSON.stringify(res.json)).not.toContain('secret internal detail');
    expect(res.json).toMatchObject({ HostId: sim.endpoint, Recommend: expect.stringContaining('q=InternalError') });
  });
});

describe('/__sim test controls', () => {
  test('stats count accepted calls per action and answered errors per code', async () => {
    await sdkCall({});
    await sdkCall({});
    await sdkError({ action: 'PushApplicationData' });
    await sdkError({ client: sdkClient(AK, 'wrong-secret') });
    await sdkError({ action: 'NoSuchAction' });
    const stats = await control('GET', 'stats');
    expect(stats.contentType).toBe('application/json;charset=utf-8');
    expect(stats.json).toMatchObject({
      calls: { DescribeEnsRegions: 2, PushApplicationData: 1 },
      rejected: { MissingParameter: 1, SignatureDoesNotMatch: 1, 'InvalidApi.NotFound': 1 },
      dropped: 0,
      total: 5,
    });
    expect(Date.parse(String(stats.json.startedAt))).not.toBeNaN();
  });

  test('faults: GET returns the current set, POST replaces it, bad input is 400', async () => {
    expect((await control('GET', 'faults')).json).toEqual({ latencyMs: 0, throttleRate: 0, errorRate: 0, dropRate: 0 });
    expect((await control('POST', 'faults', { throttleRate: 0.25 })).json).toEqual({ latencyMs: 0, throttleRate: 0.25, errorRate: 0, dropRate: 0 });
    for (const bad of [{ throttleRate: 1.5 }, { latencyMs: -1 }, { errorRate: '0.1' }, { dropRate: 0.6, errorRate: 0.6 }, { surprise: 1 }]) {
      expect(codeOf(await control('POST', 'faults', bad))).toBe('400 InvalidParameter');
    }
    expect((await control('GET', 'faults')).json.throttleRate).toBe(0.25);
  });

  test('clock advances the model and reports its time', async () => {
    const before = store.now();
    const res = await control('POST', 'clock', { advanceSeconds: 90 });
    expect(res.json).toEqual({ now: new Date(before + 90_000).toISOString(), nowMs: before + 90_000 });
    expect(codeOf(await control('POST', 'clock', { advanceSeconds: -5 }))).toBe('400 InvalidParameter');
    expect(codeOf(await control('POST', 'clock', {}))).toBe('400 InvalidParameter');
  });

  test('reset resets the model and clears faults, stats and nonces', async () => {
    const req = sign();
    await send(req);
    await control('POST', 'faults', { latencyMs: 5 });
    const resets = store.resets;
    expect((await control('POST', 'reset')).status).toBe(200);
    expect(store.resets).toBe(resets + 1);
    expect((await control('GET', 'faults')).json.latencyMs).toBe(0);
    expect((await control('GET', 'stats')).json).toMatchObject({ calls: {}, rejected: {}, total: 0 });
    expect((await send(req)).status).toBe(200);
  });

  test('health answers, unknown controls are 404, and controls never count as ENS calls', async () => {
    expect((await control('GET', 'health')).json).toEqual({ ok: true });
    expect((await control('GET', 'nothing')).status).toBe(404);
    expect((await control('GET', 'stats')).json).toMatchObject({ total: 0, rejected: {} });
  });
});

describe('fault injection', () => {
  const CALLS = 300;

  async function burst(): Promise<string[]> {
    const outcomes: string[] = [];
    for (let i = 0; i < CALLS; i++) {
      outcomes.push(await send(sign()).then(codeOf, () => 'dropped'));
    }
    return outcomes;
  }

  const share = (outcomes: string[], outcome: string) => outcomes.filter((o) => o === outcome).length / outcomes.length;

  test('throttleRate 0.3 throttles roughly 30% of calls with Throttling.User (400)', async () => {
    await control('POST', 'faults', { throttleRate: 0.3 });
    const outcomes = await burst();
    expect(share(outcomes, '400 Throttling.User')).toBeGreaterThanOrEqual(0.2);
    expect(share(outcomes, '400 Throttling.User')).toBeLessThanOrEqual(0.4);
    const stats = (await control('GET', 'stats')).json as { calls: Record<string, number>; rejected: Record<string, number> };
    expect((stats.calls.DescribeEnsRegions ?? 0) + (stats.rejected['Throttling.User'] ?? 0)).toBe(CALLS);
    expect(stats.calls.DescribeEnsRegions).toBe(outcomes.filter((o) => o === '200 undefined').length);
  });

  test('errorRate 0.2 answers roughly 20% with ServiceUnavailable (503)', async () => {
    await control('POST', 'faults', { errorRate: 0.2 });
    const outcomes = await burst();
    expect(share(outcomes, '503 ServiceUnavailable')).toBeGreaterThanOrEqual(0.1);
    expect(share(outcomes, '503 ServiceUnavailable')).toBeLessThanOrEqual(0.3);
  });

  test('dropRate 0.2 drops roughly 20% of connections without an answer', async () => {
    await control('POST', 'faults', { dropRate: 0.2 });
    const outcomes = await burst();
    expect(share(outcomes, 'dropped')).toBeGreaterThanOrEqual(0.1);
    expect(share(outcomes, 'dropped')).toBeLessThanOrEqual(0.3);
    expect((await control('GET', 'stats')).json.dropped).toBe(outcomes.filter((o) => o === 'dropped').length);
  });

  test('latencyMs delays every ENS call by at least that much', async () => {
    await control('POST', 'faults', { latencyMs: 120 });
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      expect((await send(sign())).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    }
  });

  test('forged requests get their signature error, never a fault', async () => {
    await control('POST', 'faults', { throttleRate: 1 });
    expect(codeOf(await send(sign({ accessKeySecret: 'forged-secret-0123456789abcdef' })))).toBe('400 SignatureDoesNotMatch');
    expect(codeOf(await send(sign()))).toBe('400 Throttling.User');
  });
});

describe('close()', () => {
  test('stops the model and frees the port, even with keep-alive clients', async () => {
    const own = new StubStore();
    const other = await serveSimulator({ store: own, accessKeyId: AK, accessKeySecret: SECRET });
    await fetch(`${other.url}/__sim/health`);
    await other.close();
    expect(own.stopped).toBe(true);
    await expect(fetch(`${other.url}/__sim/health`)).rejects.toThrow();
  });
});

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function without(headers: Record<string, string>, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => k !== name));
}

function editAuth(headers: Record<string, string>, from: string, to: string): Record<string, string> {
  return { ...headers, authorization: (headers.authorization ?? '').replace(from, to) };
}
