import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startSimulator } from '@/lib/simulator';
import type { RunningSimulator } from '@/lib/simulator';
import { ensClockOffsetMs, resetEnsClock } from './clock';
import { createEnsClient, type EnsClient, type EnsClientOptions } from './client';
import type { PushDataItem } from './data-files';
import { EnsError } from './errors';
import { UNKNOWN_DIALECT } from './dialect';
import { fetchAllDistribution, forEachDistributionPage } from './fetch-all';
import { attachRegions, getInstanceRegions, listAppRegions } from './inventory';

/*
 * The ENS client against the real simulator over HTTP: real signing, real parsing,
 * faults injected by the simulator. Nothing of lib/ens is replaced.
 */

let sim: RunningSimulator;
let ens: EnsClient;
let appId: string;
let regionIds: string[];
const thrown: unknown[] = [];

const FAST_RETRY: EnsClientOptions = { retryBaseMs: 10, retryCapMs: 80, readTimeoutMs: 2_000, readDeadlineMs: 3_000 };

function client(options: EnsClientOptions = FAST_RETRY, secret = sim.accessKeySecret): EnsClient {
  return createEnsClient(
    { endpoint: sim.endpoint, protocol: 'http', accessKeyId: sim.accessKeyId, accessKeySecret: secret },
    options,
  );
}

async function control(path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(
    `${sim.url}/__sim/${path}`,
    body === undefined
      ? {}
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
  );
  expect(res.ok).toBe(true);
  return res.json();
}

async function simStats() {
  return (await control('stats')) as {
    calls: Record<string, number>;
    rejected: Record<string, number>;
    dropped: number;
    total: number;
  };
}

/** Runs a call expected to fail and keeps the error for the secret check at the end. */
async function failure(promise: Promise<unknown>): Promise<EnsError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EnsError);
  thrown.push(err);
  return err as EnsError;
}

function file(name: string, over: Partial<PushDataItem> = {}): PushDataItem {
  return {
    name,
    version: '1.0',
    size: 2048,
    archiveType: 'tar.gz',
    md5: '',
    url: `https://files.example.com/${name}.tar.gz`,
    timeout: 600,
    ...over,
  };
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, instances: 300, activity: false });
  ens = client();
  const apps = await ens.listApplications();
  const first = apps.apps[0];
  if (!first) throw new Error('the simulator has no application');
  appId = first.appId;
  regionIds = (await ens.describeApplication({ appId })).regionIds;
});

afterAll(async () => {
  await sim?.close();
});

beforeEach(async () => {
  await control('reset', {});
});

describe('ENS time and what the simulator records', () => {
  test('the client follows the service clock from the answers’ Date header', async () => {
    resetEnsClock();
    await ens.listApplications();
    expect(ensClockOffsetMs()).toBe(0);
    await control('clock', { advanceSeconds: 3_600 });
    await ens.listApplications();
    expect(Math.abs(ensClockOffsetMs() - 3_600_000)).toBeLessThanOrEqual(1_500);
    resetEnsClock();
  });

  test('GET /__sim/records lists the writes with their parameters and no signature field', async () => {
    await ens.pushApplicationData({ appId, data: [file('records.pak')], regionIds: [regionIds[0]!] });
    await ens.listApplications();
    const { records } = (await control('records')) as {
      records: { action: string; at: number; params: Record<string, string> }[];
    };
    expect(records.map((r) => r.action)).toEqual(['PushApplicationData']);
    expect(records[0]!.params.AppId).toBe(appId);
    expect(records[0]!.params.PushStrategy).toContain(regionIds[0]!);
    expect(Object.keys(records[0]!.params).some((k) => /Signature|AccessKey/.test(k))).toBe(false);
  });
});

describe('operations round-trip', () => {
  test('listApplications() returns named apps', async () => {
    const apps = await ens.listApplications();
    expect(apps.apps.length).toBeGreaterThan(0);
    for (const app of apps.apps) expect(app).toMatchObject({ appId: expect.any(String), name: expect.any(String) });
    expect(apps.requestId).toMatch(/^[0-9A-F-]{36}$/);
  });

  test('describeApplication() returns the inventory', async () => {
    const app = await ens.describeApplication({ appId });
    expect(app.appId).toBe(appId);
    expect(app.instances.length).toBeGreaterThan(0);
    for (const i of app.instances) expect(app.regionIds).toContain(i.regionId);
  });

  test('describeEnsRegions() returns named regions covering the app', async () => {
    const { regions } = await ens.describeEnsRegions();
    const known = new Set(regions.map((r) => r.regionId));
    for (const r of regionIds) expect(known.has(r)).toBe(true);
    expect(regions.every((r) => r.name)).toBe(true);
  });

  test('describeDataDistResult() filters by EnsRegionIds sent as JSON text', async () => {
    const region = regionIds[0] as string;
    const regions = await getInstanceRegions(ens, appId);
    const { rows } = await ens.describeDataDistResult({ appId, ensRegionIds: [region] });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(regions.get(row.instanceId)).toBe(region);
  });

  test('push, pre-push status, distribute, distribution status', async () => {
    const target = regionIds.slice(0, 2);
    const name = `it-${Date.now()}`;
    const pushed = await ens.pushApplicationData({ appId, data: [file(name)], regionIds: target });
    expect(pushed.results).toEqual([{ name, version: '1.0', resultCode: 0, resultDescrip: expect.any(String) }]);

    const again = await ens.pushApplicationData({ appId, data: [file(name)], regionIds: target });
    expect([100, 200]).toContain(again.results[0]?.resultCode);

    const pushing = await ens.describeDataPushResult({ appId, dataNames: [name] });
    expect(pushing.rows.map((r) => r.regionId).sort()).toEqual([...target].sort());

    await control('clock', { advanceSeconds: 3_600 });
    const pushedRows = (await ens.describeDataPushResult({ appId, dataNames: [name], regionIds: target })).rows;
    const ready = pushedRows.filter((r) => r.status === 'SUCCESS').map((r) => r.regionId);
    expect(ready.length).toBeGreaterThan(0);

    const dist = await ens.distApplicationData({
      appId,
      data: [{ name, version: '1.0', destPath: '/root/installed', decompress: true, fileMode: '0755', timeout: 600 }],
      regionIds: ready,
    });
    expect(dist.instanceCount).toBeGreaterThan(0);
    expect(dist.results[0]).toMatchObject({ name, version: '1.0', resultCode: 0 });

    await control('clock', { advanceSeconds: 3_600 });
    const all = await fetchAllDistribution(ens, { appId, dataNames: [name] }, { pageSize: 7 });
    const rows = attachRegions(
      all.rows,
      await getInstanceRegions(ens, appId, { expect: all.rows.map((r) => r.instanceId) }),
    );
    expect(rows).toHaveLength(dist.instanceCount);
    for (const row of rows) expect(ready).toContain(row.regionId);
  });
});

describe('a page answered with the same bytes as before', () => {
  test('is recalled, not parsed: the held answer comes back with the new RequestId', async () => {
    const input = { appId, pageNumber: 1, pageSize: 50 };
    const first = await ens.describeDataDistResult(input);
    expect(first.rows).toHaveLength(50);
    expect(first.fingerprint).toMatch(/^[\w-]{43}$/);
    const held = { ...first, rows: first.rows.map((row) => ({ ...row })) };
    const asked: string[] = [];
    const again = await ens.describeDataDistResult(input, (fingerprint) => {
      asked.push(fingerprint);
      return fingerprint === first.fingerprint ? held : undefined;
    });
    expect(asked).toEqual([first.fingerprint]);
    expect(again.rows).toBe(held.rows);
    expect(again.requestId).toMatch(/\S/);
    expect(again.requestId).not.toBe(first.requestId);
  });

  test('another page is parsed as without recall', async () => {
    const input = { appId, pageNumber: 2, pageSize: 50 };
    const first = await ens.describeDataDistResult({ ...input, pageNumber: 1 });
    const other = await ens.describeDataDistResult(input, (fingerprint) =>
      fingerprint === first.fingerprint ? first : undefined,
    );
    expect(other.fingerprint).not.toBe(first.fingerprint);
    const { requestId: _r, ...plain } = await ens.describeDataDistResult(input);
    const { requestId: _o, ...parsed } = other;
    expect(parsed).toEqual(plain);
  });
});

describe('fetchAllDistribution()', () => {
  test.each([
    [50, 4],
    [37, 2],
    [1_000, 4],
  ])(
    'fetchAllDistribution() with pageSize %i and concurrency %i gets every row once',
    async (pageSize, concurrency) => {
      const unpaged = await ens.describeDataDistResult({ appId });
      const before = ens.stats().attempts.DescribeDataDistResult ?? 0;
      // Calibrated as the simulator's default reading: TotalCount in rows, PageSize honoured.
      const dialect = { ...UNKNOWN_DIALECT, totalCountUnit: 'rows', pageCapMode: 'none', honouredUpTo: 1_000 } as const;
      const all = await fetchAllDistribution(ens, { appId }, { pageSize, concurrency, dialect });
      expect(all.complete).toBe(true);
      expect(all.rows.length).toBe(unpaged.rows.length);
      expect(new Set(all.rows.map((r) => `${r.name}|${r.version}|${r.instanceId}`)).size).toBe(all.rows.length);
      expect(all.pages).toBe(Math.max(1, Math.ceil(unpaged.rows.length / pageSize)));
      expect((ens.stats().attempts.DescribeDataDistResult ?? 0) - before).toBe(all.pages);
    },
  );

  test('forEachDistributionPage() waits for beforePage before each later page, and hands every page over', async () => {
    const unpaged = await ens.describeDataDistResult({ appId });
    const pageSize = Math.ceil(unpaged.rows.length / 5);
    const seen: number[] = [];
    let paced = 0;
    let callsAtFirstWait: number | undefined;
    const before = ens.stats().attempts.DescribeDataDistResult ?? 0;
    const result = await forEachDistributionPage(ens, { appId }, (index, rows) => void seen.push(index, rows.length), {
      pageSize,
      concurrency: 2,
      beforePage: async () => {
        paced++;
        callsAtFirstWait ??= (ens.stats().attempts.DescribeDataDistResult ?? 0) - before;
        await new Promise((resolve) => setTimeout(resolve, 5));
      },
    });
    expect(result.pages).toBe(5);
    const indexes = seen.filter((_, i) => i % 2 === 0).sort();
    expect(indexes).toEqual([0, 1, 2, 3, 4]);
    // One wait per page after the first (a worker that finds no page left stops after its wait).
    expect(paced).toBeGreaterThanOrEqual(4);
    // No page but the first was asked before the first wait.
    expect(callsAtFirstWait).toBe(1);
  });

  test('fetchAllDistribution() of an empty filter makes one call', async () => {
    const all = await fetchAllDistribution(ens, { appId, dataNames: ['no-such-file'] });
    expect(all).toMatchObject({ rows: [], pages: 1 });
  });
});

describe('region attribution', () => {
  test('every distribution row gets a region, and the inventory is fetched once', async () => {
    const c = client();
    const all = await fetchAllDistribution(c, { appId });
    const map = await getInstanceRegions(c, appId);
    const rows = attachRegions(all.rows, map);
    expect(rows.filter((r) => !r.regionId)).toEqual([]);
    await getInstanceRegions(c, appId);
    expect(c.stats().attempts.DescribeApplication).toBe(1);
  });

  test('the inventory refreshes after 3 minutes, and for an unknown instance at most every 30 s', async () => {
    const c = client();
    let now = 1_000_000;
    const clock = () => now;
    const first = await getInstanceRegions(c, appId, { now: clock });
    now += 10_000;
    await getInstanceRegions(c, appId, { now: clock, expect: ['i-unknown'] });
    expect(c.stats().attempts.DescribeApplication).toBe(1);
    now += 25_000;
    await getInstanceRegions(c, appId, { now: clock, expect: ['i-unknown'] });
    await getInstanceRegions(c, appId, { now: clock, expect: ['i-unknown'] });
    expect(c.stats().attempts.DescribeApplication).toBe(2);
    now += 3 * 60_000;
    // Nothing moved: the refresh keeps the map, which reads key their pages on (next-read.ts).
    expect(await getInstanceRegions(c, appId, { now: clock })).toBe(first);
    expect(c.stats().attempts.DescribeApplication).toBe(3);
  });

  test('listAppRegions() counts instances per region, with names', async () => {
    const c = client();
    const regions = await listAppRegions(c, appId);
    const app = await c.describeApplication({ appId });
    expect(regions.map((r) => r.regionId).sort()).toEqual([...app.regionIds].sort());
    expect(regions.reduce((n, r) => n + r.instanceCount, 0)).toBe(app.instances.length);
    expect(regions.every((r) => typeof r.name === 'string')).toBe(true);
  });
});

describe('faults', () => {
  test.each([
    ['throttling', { throttleRate: 1 }, 'Throttling.User', 400],
    ['503s', { errorRate: 1 }, 'ServiceUnavailable', 503],
    ['dropped connections', { dropRate: 1 }, 'ConnectionReset', 0],
  ])(
    'a read under persistent %s retries, then fails retryable within the deadline',
    async (_title, faults, code, httpStatus) => {
      await control('faults', faults);
      const c = client({ ...FAST_RETRY, readDeadlineMs: 1_000 });
      const err = await failure(c.describeEnsRegions());
      expect(err).toMatchObject({ code, httpStatus, retryable: true, action: 'DescribeEnsRegions' });
      const attempts = c.stats().attempts.DescribeEnsRegions ?? 0;
      expect(attempts).toBeGreaterThan(2);
      expect((await simStats()).total).toBe(attempts);
    },
  );

  test.each([
    ['throttling', { throttleRate: 0.5 }],
    ['503s', { errorRate: 0.5 }],
    ['dropped connections', { dropRate: 0.5 }],
  ])('reads under intermittent %s succeed', async (_title, faults) => {
    await control('faults', faults);
    // The circuit is off: five failures in a row (one chance in 32) would open it, and
    // this test is about retries (the circuit has lib/ens/circuit.test.ts).
    const c = client({ ...FAST_RETRY, readDeadlineMs: 10_000, circuit: false });
    // At least five reads, and on until one needed a retry (at a 50% fault rate, 40 reads
    // without any is a one-in-10^12 event): every one of them must succeed.
    for (let i = 0; i < 5 || (c.stats().retries === 0 && i < 40); i++) {
      const { rows } = await c.describeDataDistResult({ appId, pageNumber: 1, pageSize: 20 });
      expect(rows).toHaveLength(20);
    }
    expect(c.stats().retries).toBeGreaterThan(0);
  });

  test('a slow answer times out per attempt and the read ends at its deadline', async () => {
    await control('faults', { latencyMs: 400 });
    const c = client({ retryBaseMs: 10, retryCapMs: 50, readTimeoutMs: 150, readDeadlineMs: 700 });
    const err = await failure(c.describeEnsRegions());
    expect(err).toMatchObject({ code: 'Timeout', retryable: true });
    // The deadline ends it: no more attempts than 150 ms timeouts fit in 700 ms (timings: e2e/bench/timing-limits.ts).
    expect(c.stats().attempts.DescribeEnsRegions).toBeLessThanOrEqual(Math.ceil(700 / 150));
  });

  test.each([
    ['503s', { errorRate: 1 }, 'ServiceUnavailable', false],
    ['throttling', { throttleRate: 1 }, 'Throttling.User', true],
    ['dropped connections', { dropRate: 1 }, 'ConnectionReset', false],
  ])('a push under %s is sent once and not retried', async (_title, faults, code, retryable) => {
    await control('faults', faults);
    const c = client();
    const err = await failure(c.pushApplicationData({ appId, data: [file('once')], regionIds: regionIds.slice(0, 1) }));
    expect(err).toMatchObject({ code, retryable, action: 'PushApplicationData' });
    expect(c.stats().attempts.PushApplicationData).toBe(1);
    expect((await simStats()).total).toBe(1);
  });

  test('pushes under a 50% error rate: exactly one request per push', async () => {
    await control('faults', { errorRate: 0.5 });
    const c = client();
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        c.pushApplicationData({ appId, data: [file(`half-${i}`)], regionIds: regionIds.slice(0, 1) }),
      ),
    );
    const stats = await simStats();
    expect(stats.total).toBe(20);
    expect((stats.calls.PushApplicationData ?? 0) + (stats.rejected.ServiceUnavailable ?? 0)).toBe(20);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(stats.calls.PushApplicationData ?? 0);
    for (const o of outcomes) if (o.status === 'rejected') thrown.push(o.reason);
  });
});

describe('rejections', () => {
  test('a wrong secret gets SignatureDoesNotMatch, not retried', async () => {
    const c = client(FAST_RETRY, 'wrong-secret-value-1234567890');
    const err = await failure(c.listApplications());
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', retryable: false, httpStatus: 400 });
    expect(err.requestId).toBeTruthy();
    expect(c.stats().attempts.ListApplications).toBe(1);
  });

  test('an unknown AccessKey id gets InvalidAccessKeyId.NotFound', async () => {
    const c = createEnsClient(
      { endpoint: sim.endpoint, protocol: 'http', accessKeyId: 'LTAInobody', accessKeySecret: sim.accessKeySecret },
      FAST_RETRY,
    );
    const err = await failure(c.describeEnsRegions());
    expect(err).toMatchObject({ code: 'InvalidAccessKeyId.NotFound', httpStatus: 404, retryable: false });
  });

  test('an unknown application is ENS’s 400, not retried', async () => {
    const err = await failure(ens.describeDataDistResult({ appId: '00000000-0000-4000-8000-000000000000' }));
    expect(err.httpStatus).toBe(400);
    expect(err.retryable).toBe(false);
  });

  test.each<[string, () => Promise<unknown>, string]>([
    ['a push without files', () => ens.pushApplicationData({ appId, data: [] }), 'data must list at least one file'],
    [
      'a push with a bad md5',
      () => ens.pushApplicationData({ appId, data: [file('x', { md5: 'xxxx' })] }),
      'data.0.md5: md5 must be empty or 32 hexadecimal characters',
    ],
    [
      'a push to a malformed region',
      () => ens.pushApplicationData({ appId, data: [file('x')], regionIds: ['a,b'] }),
      'regionIds.0',
    ],
    [
      'a dist with a relative path',
      () =>
        ens.distApplicationData({
          appId,
          data: [{ name: 'x', version: '1', destPath: 'tmp', decompress: false, timeout: 1 }],
        }),
      'destPath must be an absolute path',
    ],
    [
      'a name with a comma',
      () => ens.describeDataDistResult({ appId, dataNames: ['a,b'] }),
      'dataNames.0: must not contain a comma',
    ],
    [
      'a bad date',
      () => ens.describeDataPushResult({ appId, minDate: '2024/01/01' }),
      'minDate: must be a date as YYYY-MM-DD',
    ],
    ['an empty appId', () => ens.describeApplication({ appId: '' }), 'appId is required'],
  ])('%s is refused before anything is sent', async (_title, call, reason) => {
    const err = await failure(call());
    expect(err.code).toBe('InvalidInput');
    expect(err.message).toContain(reason);
    expect((await simStats()).total).toBe(0);
  });

  test('ENS refusing the connection is a retryable ConnectionRefused', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const c = createEnsClient(
      { endpoint: `127.0.0.1:${port}`, protocol: 'http', accessKeyId: 'id', accessKeySecret: 'refused-secret-abc' },
      { ...FAST_RETRY, readDeadlineMs: 300 },
    );
    const err = await failure(c.describeEnsRegions());
    expect(err).toMatchObject({ code: 'ConnectionRefused', retryable: true, httpStatus: 0 });
  });
});

describe('answers that do not fit the schema', () => {
  let upstream: Server;
  let endpoint: string;
  let reply: { status: number; type: string; body: string } = { status: 200, type: 'application/json', body: '{}' };

  beforeAll(async () => {
    upstream = createServer((_req, res) => {
      res.writeHead(reply.status, { 'content-type': reply.type });
      res.end(reply.body);
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    endpoint = `127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });

  test.each<[string, { status: number; type: string; body: string }, string, boolean]>([
    [
      'a wrong shape',
      { status: 200, type: 'application/json', body: '{"RequestId":"R1","DistResults":{"DistResult":[{"Name":5}]}}' },
      'InvalidResponse',
      false,
    ],
    [
      'an unknown status',
      {
        status: 200,
        type: 'application/json',
        body: '{"RequestId":"R2","DistResults":{"DistResult":[{"Name":"a","Version":"1","StatusStats":{"StatusStat":[{"Status":"QUEUED"}]}}]}}',
      },
      'InvalidResponse',
      false,
    ],
    [
      'an HTML error page',
      { status: 502, type: 'text/html', body: '<html>Bad Gateway</html>' },
      'InvalidResponse',
      true,
    ],
    [
      'a page that is not JSON under a 200',
      { status: 200, type: 'text/html', body: '<html>Down for maintenance</html>' },
      'InvalidResponse',
      true,
    ],
  ])('%s becomes an EnsError', async (_title, answer, code, retryable) => {
    reply = answer;
    const c = createEnsClient(
      { endpoint, protocol: 'http', accessKeyId: 'id', accessKeySecret: 'stub-secret-xyz' },
      { ...FAST_RETRY, readDeadlineMs: 300 },
    );
    const err = await failure(c.describeDataDistResult({ appId: 'a' }));
    expect(err).toMatchObject({ code, retryable, action: 'DescribeDataDistResult' });
    if (!retryable) expect(err.requestId).toMatch(/^R\d$/);
  });
});

// After every test, whatever order they ran in: no error raised in them mentions a secret or a signature.
afterAll(() => {
  expect(thrown.length).toBeGreaterThan(0);
  for (const err of thrown) {
    const e = err as EnsError;
    const text = [e.message, String(e.cause), JSON.stringify(e), e.stack ?? ''].join('\n');
    for (const secret of [
      sim.accessKeySecret,
      'wrong-secret-value-1234567890',
      'refused-secret-abc',
      'stub-secret-xyz',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/Signature=[0-9a-f]{64}|ACS3-HMAC-SHA256 Credential/);
  }
});
