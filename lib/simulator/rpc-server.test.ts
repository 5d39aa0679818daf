/**
 * The HTTP front around the real ENS model (`createSimStore`, on a fixed clock
 * through the testing seam): requests signed by the unmodified
 * `@alicloud/openapi-client` are accepted and their parameters reach the model
 * exactly; the same requests with one thing changed are rejected with the
 * service's codes; the `/__sim` controls move the real model.
 */
import OpenApi, * as $OpenApi from '@alicloud/openapi-client';
import OpenApiUtil from '@alicloud/openapi-util';
import * as $Util from '@alicloud/tea-util';
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { buildPushItem, dataParam } from './builders';
import { SimError } from './errors';
import { errorAnswer, serveSimulator } from './rpc-server';
import { createRng } from './rng';
import { acsDate, signRequest, type SignedRequest } from './test-signer';
import {
  T0,
  call,
  pushRows,
  testStore,
  withoutRequestId,
  type PushCallResponse,
  type PushResponse,
  type TestStore,
} from './testing';
import type { RunningSimulator, StoreOptions } from './types';

const AK = 'LTAI5tRpcTestRpcTestRpcTe';
const SECRET = 'rpc-test-secret-0123456789abcd';
const UUID_UPPER = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const OPTIONS: StoreOptions = { instances: 200, apps: 2, seed: 'rpc-test', timeScale: 1, activity: false };
/** Every character class a query or form encoder can get wrong; no comma, as DataNames is comma-separated. */
const TRICKY = 'a b!*()~\'中+%&=;/?#[]@$^|"<>';
/** Pushes take at most ~1,350 s at time scale 1. */
const SETTLE_SECONDS = 3600;

/** The real model on a fixed clock (T0); `world()` follows resets. */
let t: TestStore;
let sim: RunningSimulator;
let AppId: string;

beforeAll(async () => {
  t = testStore(OPTIONS);
  AppId = t.app(0).id;
  // Seeded, so the fault-rate assertions cannot flake.
  sim = await serveSimulator({
    store: t.store,
    accessKeyId: AK,
    accessKeySecret: SECRET,
    port: 0,
    random: createRng(20240520).next,
  });
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

interface SdkAnswer {
  statusCode: number;
  body: Record<string, unknown>;
}

async function sdkCall({
  action = 'DescribeEnsRegions',
  params = {},
  asForm = false,
  method = 'POST',
  client = sdkClient(),
}: SdkCall): Promise<SdkAnswer> {
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
  return (await client.callApi(apiParams, request, new $Util.RuntimeOptions({}))) as SdkAnswer;
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
    query: { EnsRegionId: 'cn-wuxi-5' },
    ...overrides,
  });
}

interface Answer {
  status: number;
  contentType: string | null;
  date?: string | null;
  json: Record<string, unknown>;
}

/** Sends a signed request with fetch; fetch sets `host` itself, which the signer signed identically. */
async function send(req: SignedRequest, tamper: (r: SignedRequest) => SignedRequest = (r) => r): Promise<Answer> {
  const { headers, path, method, body } = tamper(structuredClone(req));
  const { host: _host, ...rest } = headers;
  const res = await fetch(`${sim.url}${path}`, { method, headers: rest, body });
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    date: res.headers.get('date'),
    json: (await res.json()) as Answer['json'],
  };
}

async function control(method: 'GET' | 'POST', name: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${sim.url}/__sim/${name}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
  });
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    json: (await res.json()) as Answer['json'],
  };
}

/** `200` for a success (whose body may carry DescribeEnsRegions' integer Code 0), else status and error code. */
const codeOf = (a: Answer) => (a.status === 200 ? '200' : `${a.status} ${String(a.json.Code)}`);

const appRegionIds = () => t.app(0).regions.map((r) => r.region.id);

const regionsOf = (body: unknown) => (body as { EnsRegions: { EnsRegions: unknown[] } }).EnsRegions.EnsRegions;
const pushResultsOf = (body: unknown) => (body as PushCallResponse).PushResults.PushResult;

/** The model's own answer for cn-wuxi-5, to compare with what came over the wire. */
const wuxi5 = () => regionsOf(t.store.handle('DescribeEnsRegions', { EnsRegionId: 'cn-wuxi-5' }));

/** Names of the files DescribeDataPushResult answered with. */
const pushedNames = (body: unknown) => [...new Set(pushRows(body as PushResponse).map((r) => r.name))];

/** Pushes files straight into the model, to be looked up over the wire. */
function pushDirect(...names: string[]): void {
  call<PushCallResponse>(t.store, 'PushApplicationData', {
    AppId,
    Data: dataParam(names.map((name) => buildPushItem({ name }))),
  });
}

/** DescribeDataPushResult by DataNames, asked of the model directly. */
const pushState = (name: string) => call<PushResponse>(t.store, 'DescribeDataPushResult', { AppId, DataNames: name });

// ------------------------------------------------------------------ tests

describe('requests signed by @alicloud/openapi-client', () => {
  test('a query-string call is accepted and its parameters reach the model byte for byte', async () => {
    const pushed = await sdkCall({
      action: 'PushApplicationData',
      params: { AppId, Data: dataParam([buildPushItem({ name: TRICKY })]) },
    });
    expect(pushed.statusCode).toBe(200);
    expect(pushed.body.RequestId).toMatch(UUID_UPPER);
    expect(pushResultsOf(pushed.body)).toEqual([
      expect.objectContaining({ Name: TRICKY, Version: '1.0', ResultCode: 0 }),
    ]);
    const read = await sdkCall({ action: 'DescribeDataPushResult', params: { AppId, DataNames: TRICKY } });
    expect(pushedNames(read.body)).toEqual([TRICKY]);
    expect(read.body.TotalCount).toBe(appRegionIds().length);
    expect(withoutRequestId(read.body)).toEqual(withoutRequestId(pushState(TRICKY)));
  });

  test('a JSON-array parameter and a number arrive as the model reads them', async () => {
    const regions = appRegionIds().slice(0, 2);
    const res = await sdkCall({
      action: 'DescribeDataDistResult',
      params: { AppId, EnsRegionIds: JSON.stringify(regions), PageSize: 10 },
    });
    expect(res.body).toMatchObject({ PageNumber: 1, PageSize: 10 });
    const direct = t.store.handle('DescribeDataDistResult', {
      AppId,
      EnsRegionIds: JSON.stringify(regions),
      PageSize: '10',
    });
    expect(withoutRequestId(res.body)).toEqual(withoutRequestId(direct));
    const unfiltered = call<{ TotalCount: number }>(t.store, 'DescribeDataDistResult', { AppId, PageSize: '10' });
    expect(res.body.TotalCount).toBeGreaterThan(0);
    expect(res.body.TotalCount).toBeLessThan(unfiltered.TotalCount);
  });

  test('a form-body call is accepted and its body parameters read', async () => {
    const name = 'a b+c%20d&e=f 中';
    const pushed = await sdkCall({
      action: 'PushApplicationData',
      params: { AppId, Data: dataParam([buildPushItem({ name })]) },
      asForm: true,
    });
    expect(pushResultsOf(pushed.body)).toEqual([expect.objectContaining({ Name: name, ResultCode: 0 })]);
    const read = await sdkCall({ action: 'DescribeDataPushResult', params: { AppId, DataNames: name }, asForm: true });
    expect(pushedNames(read.body)).toEqual([name]);
    expect(
      pushRows(pushState(name))
        .map((r) => r.regionId)
        .sort(),
    ).toEqual([...appRegionIds()].sort());
  });

  test('a GET call is accepted', async () => {
    const res = await sdkCall({ method: 'GET', params: { EnsRegionId: 'cn-wuxi-5' } });
    expect(regionsOf(res.body)).toEqual([expect.objectContaining({ EnsRegionId: 'cn-wuxi-5', Name: '无锡5' })]);
    expect(regionsOf(res.body)).toEqual(wuxi5());
    const read = await sdkCall({ method: 'GET', action: 'DescribeDataPushResult', params: { AppId } });
    expect(withoutRequestId(read.body)).toEqual(withoutRequestId(t.store.handle('DescribeDataPushResult', { AppId })));
    expect(read.body.TotalCount).toBeGreaterThan(0);
  });

  test('the wrong secret is SignatureDoesNotMatch (400)', async () => {
    expect(await sdkError({ client: sdkClient(AK, 'not-the-secret') })).toEqual({
      code: 'SignatureDoesNotMatch',
      statusCode: 400,
    });
  });

  test('an unknown AccessKey is InvalidAccessKeyId.NotFound (404)', async () => {
    expect(await sdkError({ client: sdkClient('LTAI5tNobodyNobodyNobody', SECRET) })).toEqual({
      code: 'InvalidAccessKeyId.NotFound',
      statusCode: 404,
    });
  });

  test("the model's rejections keep their code and status", async () => {
    expect(await sdkError({ action: 'PushApplicationData' })).toEqual({ code: 'MissingParameter', statusCode: 400 });
    expect(
      await sdkError({
        action: 'PushApplicationData',
        params: { AppId: 'no-such-app', Data: dataParam([buildPushItem()]) },
      }),
    ).toEqual({
      code: 'InvalidParameter.AppId',
      statusCode: 400,
    });
    expect(await sdkError({ action: 'DescribeDataPushResult', params: { AppId, PageSize: 1001 } })).toEqual({
      code: 'InvalidParameter.PageSize',
      statusCode: 400,
    });
    expect(await sdkError({ action: 'NoSuchAction' })).toEqual({ code: 'InvalidApi.NotFound', statusCode: 404 });
  });
});

describe('parameter decoding, seen through the real actions', () => {
  test('a query built by the independent signer is decoded exactly', async () => {
    const pushed = await send(
      sign({ action: 'PushApplicationData', query: { AppId, Data: dataParam([buildPushItem({ name: TRICKY })]) } }),
    );
    expect(codeOf(pushed)).toBe('200');
    const read = await send(sign({ action: 'DescribeDataPushResult', query: { AppId, DataNames: TRICKY } }));
    expect(pushedNames(read.json)).toEqual([TRICKY]);
    expect(read.json.TotalCount).toBe(appRegionIds().length);
  });

  test('in the query a raw + is a literal plus (the signature reads it so too)', async () => {
    pushDirect('a b', 'a+b');
    const req = sign({ action: 'DescribeDataPushResult', query: { AppId, DataNames: 'a+b' } });
    expect(req.path).toContain('DataNames=a%2Bb');
    const raw = await send(req, (r) => ({ ...r, path: r.path.replace('a%2Bb', 'a+b') }));
    expect(codeOf(raw)).toBe('200');
    expect(pushedNames(raw.json)).toEqual(['a+b']);
  });

  test('in a form body + is a space and %2B a plus', async () => {
    pushDirect('a b', 'a+b');
    const spaced = await send(
      sign({ action: 'DescribeDataPushResult', query: {}, body: `AppId=${AppId}&DataNames=a+b` }),
    );
    expect(pushedNames(spaced.json)).toEqual(['a b']);
    const plus = await send(
      sign({ action: 'DescribeDataPushResult', query: {}, body: `AppId=${AppId}&DataNames=a%2Bb` }),
    );
    expect(pushedNames(plus.json)).toEqual(['a+b']);
  });

  test('a stray % stays literal and %-escaped UTF-8 is decoded', async () => {
    pushDirect('100%', '中文');
    const stray = await send(sign({ action: 'DescribeDataPushResult', query: { AppId, DataNames: '100%' } }), (r) => ({
      ...r,
      path: r.path.replace('100%25', '100%'),
    }));
    expect(codeOf(stray)).toBe('200');
    expect(pushedNames(stray.json)).toEqual(['100%']);
    const utf8 = await send(
      sign({ action: 'DescribeDataPushResult', query: {}, body: `AppId=${AppId}&DataNames=%E4%B8%AD%E6%96%87` }),
    );
    expect(pushedNames(utf8.json)).toEqual(['中文']);
  });

  test("a name in both the query and the form body takes the body's value", async () => {
    pushDirect('a b', 'a+b');
    const query = { AppId: 'no-such-app', DataNames: 'a+b' };
    expect(codeOf(await send(sign({ action: 'DescribeDataPushResult', query })))).toBe('400 InvalidParameter.AppId');
    const both = await send(sign({ action: 'DescribeDataPushResult', query, body: `AppId=${AppId}&DataNames=a+b` }));
    expect(codeOf(both)).toBe('200');
    expect(pushedNames(both.json)).toEqual(['a b']);
  });

  test('a repeated name keeps its last value', async () => {
    pushDirect('a b', 'a+b');
    const first = await send(
      sign({ action: 'DescribeDataPushResult', query: {}, body: `AppId=${AppId}&DataNames=a%2Bb&DataNames=a+b` }),
    );
    expect(pushedNames(first.json)).toEqual(['a b']);
    const second = await send(
      sign({ action: 'DescribeDataPushResult', query: {}, body: `AppId=${AppId}&DataNames=a+b&DataNames=a%2Bb` }),
    );
    expect(pushedNames(second.json)).toEqual(['a+b']);
  });

  test('a body that is not a form is hashed for the signature but not read as parameters', async () => {
    const res = await send(
      sign({
        action: 'DescribeDataPushResult',
        query: {},
        body: `AppId=${AppId}`,
        extraHeaders: { 'content-type': 'application/json' },
      }),
    );
    expect(codeOf(res)).toBe('400 MissingParameter');
    expect(res.json.Message).toContain('AppId');
  });
});

describe('a valid request with exactly one thing changed', () => {
  test('the untampered request is accepted and answered by the model', async () => {
    const res = await send(sign());
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('application/json;charset=utf-8');
    expect(res.json.RequestId).toMatch(UUID_UPPER);
    expect(regionsOf(res.json)).toEqual(wuxi5());
    expect(regionsOf(res.json)).toHaveLength(1);
  });

  test.each<[string, Partial<Parameters<typeof signRequest>[0]>, (r: SignedRequest) => SignedRequest, string]>([
    [
      'one byte of a form body',
      { query: {}, body: 'EnsRegionId=cn-wuxi-5' },
      (r) => ({ ...r, body: 'EnsRegionId=cn-wuxi-6' }),
      '400 SignatureDoesNotMatch',
    ],
    [
      'one query value',
      {},
      (r) => ({ ...r, path: r.path.replace('cn-wuxi-5', 'cn-wuxi-6') }),
      '400 SignatureDoesNotMatch',
    ],
    ['an added query parameter', {}, (r) => ({ ...r, path: `${r.path}&PageSize=10` }), '400 SignatureDoesNotMatch'],
    [
      'one signed header value',
      { extraHeaders: { 'x-acs-credentials-provider': 'static_ak' } },
      (r) => ({ ...r, headers: { ...r.headers, 'x-acs-credentials-provider': 'static_sts' } }),
      '400 SignatureDoesNotMatch',
    ],
    [
      'the action header',
      {},
      (r) => ({ ...r, headers: { ...r.headers, 'x-acs-action': 'PushApplicationData' } }),
      '400 SignatureDoesNotMatch',
    ],
    ['the method', {}, (r) => ({ ...r, method: r.method === 'POST' ? 'GET' : 'POST' }), '400 SignatureDoesNotMatch'],
    [
      'a stale x-acs-date',
      {},
      (r) => ({ ...r, headers: { ...r.headers, 'x-acs-date': acsDate(Date.now() - 16 * 60_000) } }),
      '400 InvalidTimeStamp.Expired',
    ],
    [
      'a future x-acs-date',
      {},
      (r) => ({ ...r, headers: { ...r.headers, 'x-acs-date': acsDate(Date.now() + 16 * 60_000) } }),
      '400 InvalidTimeStamp.Expired',
    ],
    [
      'a malformed x-acs-date',
      {},
      (r) => ({ ...r, headers: { ...r.headers, 'x-acs-date': '2024-05-20 08:00:00' } }),
      '400 InvalidTimeStamp.Format',
    ],
    [
      'no Authorization',
      {},
      (r) => ({ ...r, headers: without(r.headers, 'authorization') }),
      '400 IncompleteSignature',
    ],
    [
      'a signed header removed',
      {},
      (r) => ({ ...r, headers: without(r.headers, 'x-acs-signature-nonce') }),
      '400 IncompleteSignature',
    ],
    [
      'the nonce taken out of SignedHeaders',
      {},
      (r) => ({ ...r, headers: editAuth(r.headers, ';x-acs-signature-nonce', '') }),
      '400 IncompleteSignature',
    ],
    [
      'the Credential',
      {},
      (r) => ({ ...r, headers: editAuth(r.headers, AK, 'LTAI5tSomeoneElseSomeone') }),
      '404 InvalidAccessKeyId.NotFound',
    ],
  ])('%s → %s, and the original still goes through', async (_name, overrides, tamper, expected) => {
    const original = sign(overrides);
    const tampered = await send(original, tamper);
    expect(codeOf(tampered)).toBe(expected);
    expect(tampered.json.RequestId).toMatch(UUID_UPPER);
    expect(tampered.contentType).toBe('application/json;charset=utf-8');
    const untouched = await send(original);
    expect(untouched.status).toBe(200);
    // The form-body case proves its body was read: the same one region comes back.
    expect(regionsOf(untouched.json)).toEqual(wuxi5());
  });

  test('a signature computed with a different secret → 400 SignatureDoesNotMatch', async () => {
    const res = await send(sign({ accessKeySecret: 'other-secret-0123456789abcdefg' }));
    expect(codeOf(res)).toBe('400 SignatureDoesNotMatch');
    expect(res.json.Message).toMatch(/server string to sign is:ACS3-HMAC-SHA256\n[0-9a-f]{64}/);
  });

  test('a reused nonce → 400 SignatureNonceUsed', async () => {
    const req = sign();
    expect((await send(req)).status).toBe(200);
    expect(codeOf(await send(req))).toBe('400 SignatureNonceUsed');
  });

  test('a reused nonce never reaches the model: a replayed push does not push again', async () => {
    const req = sign({
      action: 'PushApplicationData',
      query: { AppId, Data: dataParam([buildPushItem({ name: 'replayed' })]) },
    });
    expect(codeOf(await send(req))).toBe('200');
    const after = withoutRequestId(pushState('replayed'));
    expect(codeOf(await send(req))).toBe('400 SignatureNonceUsed');
    expect(withoutRequestId(pushState('replayed'))).toEqual(after);
    expect((await control('GET', 'stats')).json.calls).toEqual({ PushApplicationData: 1 });
  });

  test('a form body whose hash header was recomputed but not re-signed → 400 SignatureDoesNotMatch', async () => {
    const original = sign({ query: {}, body: 'EnsRegionId=cn-wuxi-5' });
    const res = await send(original, (r) => ({
      ...r,
      body: 'EnsRegionId=cn-wuxi-6',
      headers: {
        ...r.headers,
        'x-acs-content-sha256': createHash('sha256').update('EnsRegionId=cn-wuxi-6').digest('hex'),
      },
    }));
    expect(codeOf(res)).toBe('400 SignatureDoesNotMatch');
  });
});

describe('routing and answers', () => {
  test('a version other than 2017-11-10 → 400 InvalidVersion', async () => {
    expect(codeOf(await send(sign({ version: '2014-05-26' })))).toBe('400 InvalidVersion');
  });

  test('a path other than / → 404 InvalidApi.NotFound', async () => {
    expect(codeOf(await send(sign(), (r) => ({ ...r, path: r.path.replace('/?', '/other?') })))).toBe(
      '404 InvalidApi.NotFound',
    );
  });

  test("a model rejection is answered with the ENS error body and the caller's host", async () => {
    const res = await send(sign({ action: 'DescribeDataPushResult', query: { AppId: 'no-such-app' } }));
    expect(codeOf(res)).toBe('400 InvalidParameter.AppId');
    expect(res.json).toEqual({
      RequestId: expect.stringMatching(UUID_UPPER),
      HostId: sim.endpoint,
      Code: 'InvalidParameter.AppId',
      Message: expect.stringContaining('The application no-such-app does not exist.'),
      Recommend: expect.stringContaining('q=InvalidParameter.AppId&product=Ens'),
    });
  });
});

describe('errorAnswer(): what a thrown error becomes on the wire', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  test('an unexpected exception → 500 InternalError without its details, which go to the console', () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const err = new TypeError('secret internal detail');
    const answer = errorAnswer(err, '127.0.0.1:8787');
    expect(logged).toHaveBeenCalledWith('[ens-simulator] internal error', err);
    expect(answer.status).toBe(500);
    expect(answer.requestId).toMatch(UUID_UPPER);
    expect(answer.body).toEqual({
      RequestId: answer.requestId,
      HostId: '127.0.0.1:8787',
      Code: 'InternalError',
      Message: 'The request processing has failed due to some unknown error.',
      Recommend: `https://api.aliyun.com/troubleshoot?q=InternalError&product=Ens&requestId=${answer.requestId}`,
    });
    const text = JSON.stringify(answer.body);
    expect(text).not.toContain('secret internal detail');
    expect(text).not.toContain('TypeError');
    expect(text).not.toContain('rpc-server');
  });

  test('a thrown non-Error is an InternalError too', () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const answer = errorAnswer('a string with /home/secret/path', undefined);
    expect(answer.status).toBe(500);
    expect(answer.body.Code).toBe('InternalError');
    expect(JSON.stringify(answer.body)).not.toContain('/home/secret/path');
  });

  test("a SimError keeps its code, message and status; without a Host the HostId is ENS's", () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const answer = errorAnswer(
      new SimError('Throttling.User', 'Request was denied due to user flow control.', 400),
      undefined,
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      HostId: 'ens.aliyuncs.com',
      Code: 'Throttling.User',
      Message: 'Request was denied due to user flow control.',
    });
    expect(logged).not.toHaveBeenCalled();
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
    expect(stats.json.calls).not.toHaveProperty('NoSuchAction');
    expect(Date.parse(String(stats.json.startedAt))).not.toBeNaN();
  });

  test('faults: GET returns the current set, POST replaces it, bad input is 400', async () => {
    expect((await control('GET', 'faults')).json).toEqual({ latencyMs: 0, throttleRate: 0, errorRate: 0, dropRate: 0 });
    expect((await control('POST', 'faults', { throttleRate: 0.25 })).json).toEqual({
      latencyMs: 0,
      throttleRate: 0.25,
      errorRate: 0,
      dropRate: 0,
    });
    for (const bad of [
      { throttleRate: 1.5 },
      { latencyMs: -1 },
      { errorRate: '0.1' },
      { dropRate: 0.6, errorRate: 0.6 },
      { surprise: 1 },
    ]) {
      expect(codeOf(await control('POST', 'faults', bad))).toBe('400 InvalidParameter');
    }
    expect((await control('GET', 'faults')).json.throttleRate).toBe(0.25);
  });

  test("clock advances the real model's time, and what it answers moves with it", async () => {
    expect(t.store.now()).toBe(T0);
    const pushed = await send(
      sign({
        action: 'PushApplicationData',
        query: { AppId, Data: dataParam([buildPushItem({ name: 'clock-probe' })]) },
      }),
    );
    expect(codeOf(pushed)).toBe('200');
    const statuses = () => new Set(pushRows(pushState('clock-probe')).map((r) => r.status));
    expect(statuses()).toEqual(new Set(['PUSHING']));

    const res = await control('POST', 'clock', { advanceSeconds: 90 });
    expect(res.json).toEqual({ now: new Date(T0 + 90_000).toISOString(), nowMs: T0 + 90_000 });
    expect(t.store.now()).toBe(T0 + 90_000);

    await control('POST', 'clock', { advanceSeconds: SETTLE_SECONDS });
    expect(t.store.now()).toBe(T0 + (90 + SETTLE_SECONDS) * 1000);
    expect(statuses().has('PUSHING')).toBe(false);
    expect([...statuses()].every((s) => s === 'SUCCESS' || s === 'FAILED')).toBe(true);

    expect(codeOf(await control('POST', 'clock', { advanceSeconds: -5 }))).toBe('400 InvalidParameter');
    expect(codeOf(await control('POST', 'clock', {}))).toBe('400 InvalidParameter');
    expect(t.store.now()).toBe(T0 + (90 + SETTLE_SECONDS) * 1000);
  });

  test("an action's Date header is the simulated clock, so clients read ENS time from answers", async () => {
    await control('POST', 'clock', { advanceSeconds: 7_200 });
    const answer = await send(sign());
    expect(codeOf(answer)).toBe('200');
    expect(Date.parse(answer.date ?? '')).toBe(Math.floor(t.store.now() / 1000) * 1000);
    await control('POST', 'reset');
  });

  test('push-failures fails the next pushes to the named nodes with the reason, and leaves the others seeded', async () => {
    const [failing, other] = appRegionIds();
    const forced = await control('POST', 'push-failures', {
      regionIds: [failing],
      reason: 'file server disk quota exceeded',
    });
    expect(forced.json).toEqual({ regionIds: [failing], reason: 'file server disk quota exceeded' });
    const push = sign({
      action: 'PushApplicationData',
      query: {
        AppId,
        Data: dataParam([buildPushItem({ name: 'forced-probe' })]),
        PushStrategy: JSON.stringify({
          name: 'ScheduleToRegionId',
          parameters: { operator: 'In', values: [failing, other] },
        }),
      },
    });
    expect(codeOf(await send(push))).toBe('200');
    await control('POST', 'clock', { advanceSeconds: SETTLE_SECONDS });
    const rows = pushRows(pushState('forced-probe'));
    expect(rows.find((r) => r.regionId === failing)).toMatchObject({
      status: 'FAILED',
      descrip: 'file server disk quota exceeded',
    });
    expect(rows.find((r) => r.regionId === other)?.status).not.toBe('PUSHING');
    expect(codeOf(await control('POST', 'push-failures', { regionIds: 'x' }))).toBe('400 InvalidParameter');
    // Reset forgets the forcing along with the pushes.
    await control('POST', 'reset');
    expect(codeOf(await send(push))).toBe('200');
    await control('POST', 'clock', { advanceSeconds: SETTLE_SECONDS });
    expect(pushRows(pushState('forced-probe')).find((r) => r.regionId === failing)?.descrip).not.toBe(
      'file server disk quota exceeded',
    );
    await control('POST', 'reset');
  });

  test('reset puts the real model back to its seeded world and clears faults, stats and nonces', async () => {
    const seeded = withoutRequestId(t.store.handle('DescribeDataPushResult', { AppId }));
    const req = sign({
      action: 'PushApplicationData',
      query: { AppId, Data: dataParam([buildPushItem({ name: 'reset-probe' })]) },
    });
    expect(codeOf(await send(req))).toBe('200');
    expect(pushState('reset-probe').TotalCount).toBe(appRegionIds().length);
    await control('POST', 'clock', { advanceSeconds: 600 });
    await control('POST', 'faults', { latencyMs: 5 });

    const res = await control('POST', 'reset');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ok: true, now: new Date(T0).toISOString(), nowMs: T0 });
    expect(t.store.now()).toBe(T0);
    expect(pushState('reset-probe').TotalCount).toBe(0);
    expect(withoutRequestId(t.store.handle('DescribeDataPushResult', { AppId }))).toEqual(seeded);
    expect((await control('GET', 'faults')).json.latencyMs).toBe(0);
    expect((await control('GET', 'stats')).json).toMatchObject({ calls: {}, rejected: {}, total: 0 });
    // The nonce was forgotten, so the very same signed push is accepted and pushes again.
    expect(codeOf(await send(req))).toBe('200');
    expect(pushState('reset-probe').TotalCount).toBe(appRegionIds().length);
  });

  test('health answers, unknown controls are 404, and controls never count as ENS calls', async () => {
    expect((await control('GET', 'health')).json).toEqual({ ok: true });
    expect((await control('GET', 'nothing')).status).toBe(404);
    expect(codeOf(await control('POST', 'clock', 'not json'))).toBe('400 InvalidParameter');
    expect((await control('GET', 'stats')).json).toMatchObject({ total: 0, calls: {}, rejected: {} });
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
    expect(share(outcomes, '200') + share(outcomes, '400 Throttling.User')).toBe(1);
    const stats = (await control('GET', 'stats')).json as {
      calls: Record<string, number>;
      rejected: Record<string, number>;
    };
    expect((stats.calls.DescribeEnsRegions ?? 0) + (stats.rejected['Throttling.User'] ?? 0)).toBe(CALLS);
    expect(stats.calls.DescribeEnsRegions).toBe(outcomes.filter((o) => o === '200').length);
  });

  test('errorRate 0.2 answers roughly 20% with ServiceUnavailable (503)', async () => {
    await control('POST', 'faults', { errorRate: 0.2 });
    const outcomes = await burst();
    expect(share(outcomes, '503 ServiceUnavailable')).toBeGreaterThanOrEqual(0.1);
    expect(share(outcomes, '503 ServiceUnavailable')).toBeLessThanOrEqual(0.3);
    expect(share(outcomes, '200') + share(outcomes, '503 ServiceUnavailable')).toBe(1);
  });

  test('dropRate 0.2 drops roughly 20% of connections without an answer', async () => {
    await control('POST', 'faults', { dropRate: 0.2 });
    const outcomes = await burst();
    expect(share(outcomes, 'dropped')).toBeGreaterThanOrEqual(0.1);
    expect(share(outcomes, 'dropped')).toBeLessThanOrEqual(0.3);
    expect((await control('GET', 'stats')).json.dropped).toBe(outcomes.filter((o) => o === 'dropped').length);
  });

  test('a faulted push never reaches the model', async () => {
    await control('POST', 'faults', { errorRate: 1 });
    const res = await send(
      sign({ action: 'PushApplicationData', query: { AppId, Data: dataParam([buildPushItem({ name: 'faulted' })]) } }),
    );
    expect(codeOf(res)).toBe('503 ServiceUnavailable');
    expect(pushState('faulted').TotalCount).toBe(0);
  });

  test('latencyMs delays every ENS call by at least that much', async () => {
    await control('POST', 'faults', { latencyMs: 120 });
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const res = await send(sign());
      expect(res.status).toBe(200);
      expect(regionsOf(res.json)).toEqual(wuxi5());
      expect(performance.now() - started).toBeGreaterThanOrEqual(115);
    }
  });

  test('forged requests get their signature error, never a fault', async () => {
    await control('POST', 'faults', { throttleRate: 1 });
    expect(codeOf(await send(sign({ accessKeySecret: 'forged-secret-0123456789abcdef' })))).toBe(
      '400 SignatureDoesNotMatch',
    );
    expect(codeOf(await send(sign()))).toBe('400 Throttling.User');
  });
});

describe('close()', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test("stops the model's background activity and frees the port, even with keep-alive clients", async () => {
    // Only intervals are faked: sockets and fetch keep their real timers.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const own = testStore({ ...OPTIONS, activity: true });
    const pushes = () =>
      own
        .world()
        .fleet.apps.reduce(
          (n, app) =>
            n +
            call<PushResponse>(own.store, 'DescribeDataPushResult', { AppId: app.id }).PushResults.PushResult.length,
          0,
        );
    const other = await serveSimulator({ store: own.store, accessKeyId: AK, accessKeySecret: SECRET });
    expect((await fetch(`${other.url}/__sim/health`)).status).toBe(200);
    const before = pushes();
    vi.advanceTimersByTime(4 * 60_000);
    expect(pushes()).toBe(before + 1);
    await other.close();
    vi.advanceTimersByTime(60 * 60_000);
    expect(pushes()).toBe(before + 1);
    await expect(fetch(`${other.url}/__sim/health`)).rejects.toThrow();
  });
});

function without(headers: Record<string, string>, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => k !== name));
}

function editAuth(headers: Record<string, string>, from: string, to: string): Record<string, string> {
  return { ...headers, authorization: (headers.authorization ?? '').replace(from, to) };
}
