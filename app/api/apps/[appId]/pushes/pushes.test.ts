import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { pushDataItemSchema } from '@/lib/ens/data-files';
import { startHarness, type Harness } from '../../../testing/harness';

let h: Harness;
let pushes: typeof import('./route');
let distributions: typeof import('../distributions/route');
let appId: string;
let regions: string[];
const bodies: string[] = [];
const logs: string[] = [];

const goodFile = (overrides: Record<string, unknown> = {}) => ({
  name: 'release-candidate.tar.gz',
  version: '2026.11.26',
  size: 1048576,
  archiveType: 'tar.gz',
  md5: '0123456789abcdef0123456789abcdef',
  url: 'https://artifacts.example.com/rc.tar.gz',
  timeout: 600,
  ...overrides,
});

let keySeq = 0;
const newKey = () => `test-key-${Date.now()}-${++keySeq}`;

async function post(path: string, body: unknown, init: { headers?: Record<string, string>; raw?: string } = {}) {
  const response = await h.call(path.endsWith('/distributions') ? distributions.POST : pushes.POST, path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.raw ?? JSON.stringify(body),
    params: { appId },
  });
  const text = await response.clone().text();
  bodies.push(text);
  return response;
}

const pushCalls = async () => (await h.stats()).calls.PushApplicationData ?? 0;

beforeAll(async () => {
  for (const level of ['log', 'warn', 'error', 'info'] as const) {
    const original = console[level];
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logs.push(args.map(String).join(' '));
      original(...args);
    });
  }
  h = await startHarness();
  pushes = await import('./route');
  distributions = await import('../distributions/route');
  const appsRoute = await import('../../route');
  const apps = (await (await h.call(appsRoute.GET, '/api/apps')).json()) as { apps: { appId: string }[] };
  appId = apps.apps[0]!.appId;
  const regionsRoute = await import('../regions/route');
  const listed = (await (
    await h.call(regionsRoute.GET, `/api/apps/${appId}/regions`, { params: { appId } })
  ).json()) as {
    regions: { regionId: string }[];
  };
  regions = listed.regions.map((r) => r.regionId);
});

afterAll(async () => {
  // No response body and no log line may carry the AccessKey secret.
  const secret = h.sim.accessKeySecret;
  expect(bodies.length).toBeGreaterThan(100);
  expect(bodies.filter((b) => b.includes(secret))).toEqual([]);
  expect(logs.filter((l) => l.includes(secret))).toEqual([]);
  await h.close();
});

const path = () => `/api/apps/${appId}/pushes`;

describe('POST /api/apps/{appId}/pushes', () => {
  test('a canary push to two regions is sent once and recorded', async () => {
    const before = await pushCalls();
    const response = await post(path(), {
      data: [goodFile()],
      strategy: [{ name: 'ScheduleToRegionId', operator: 'In', values: regions.slice(0, 2) }],
      idempotencyKey: newKey(),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as {
      pushId: string;
      requestId: string;
      results: { name: string; resultCode: number }[];
    };
    expect(body.pushId).toMatch(/^p_/);
    expect(body.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(body.results).toEqual([expect.objectContaining({ name: 'release-candidate.tar.gz', resultCode: 0 })]);
    expect(await pushCalls()).toBe(before + 1);

    const history = (await (
      await h.call(pushes.GET, `${path()}?name=release-candidate.tar.gz`, { params: { appId } })
    ).json()) as {
      pushes: { id: string; state: string; actor: string }[];
    };
    expect(history.pushes[0]).toMatchObject({ id: body.pushId, state: 'sent', actor: 'unauthenticated' });
  });

  test('the same idempotency key returns the first outcome without calling ENS again', async () => {
    const key = newKey();
    const body = { data: [goodFile({ version: 'idem-1' })], strategy: null };
    const first = (await (await post(path(), { ...body, idempotencyKey: key })).json()) as { pushId: string };
    const before = await pushCalls();
    const again = await post(path(), body, { headers: { 'idempotency-key': key } });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(((await again.json()) as { pushId: string }).pushId).toBe(first.pushId);
    expect(await pushCalls()).toBe(before);
  });

  test('20 concurrent submits with one key make one upstream call', async () => {
    const key = newKey();
    const before = await pushCalls();
    const body = { data: [goodFile({ version: 'concurrent' })], strategy: null, idempotencyKey: key };
    const responses = await Promise.all(Array.from({ length: 20 }, () => post(path(), body)));
    expect(await pushCalls()).toBe(before + 1);
    const statuses = responses.map((r) => r.status);
    // The first answers 201; the others either replay it (201) or see it still in flight (409).
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
  });

  test('a key reused for a different push is refused', async () => {
    const key = newKey();
    await post(path(), { data: [goodFile({ version: 'reuse-a' })], strategy: null, idempotencyKey: key });
    const before = await pushCalls();
    const response = await post(path(), {
      data: [goodFile({ version: 'reuse-b' })],
      strategy: null,
      idempotencyKey: key,
    });
    expect(response.status).toBe(422);
    expect(await pushCalls()).toBe(before);
  });

  test('an upstream failure is recorded, answered cleanly, and never retried', async () => {
    await h.simPost('/__sim/faults', { errorRate: 1 });
    try {
      const before = (await h.stats()).total;
      const response = await post(path(), {
        data: [goodFile({ version: 'fails' })],
        strategy: null,
        idempotencyKey: newKey(),
      });
      expect(response.status).toBe(503);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('ServiceUnavailable');
      expect((await h.stats()).total - before).toBe(1);
    } finally {
      await h.simPost('/__sim/faults', {});
    }
    const history = (await (await h.call(pushes.GET, `${path()}?version=fails`, { params: { appId } })).json()) as {
      pushes: { state: string; error: { code: string } }[];
    };
    expect(history.pushes[0]).toMatchObject({ state: 'failed', error: { code: 'ServiceUnavailable' } });
  });
});

describe('POST /api/apps/{appId}/distributions', () => {
  test('distributes a pushed file to the chosen regions', async () => {
    const response = await post(`/api/apps/${appId}/distributions`, {
      data: [
        {
          name: 'release-candidate.tar.gz',
          version: '2026.11.26',
          destPath: '/data/releases',
          decompress: true,
          timeout: 600,
        },
      ],
      strategy: [{ name: 'ScheduleToRegionId', operator: 'In', values: regions.slice(0, 2) }],
      idempotencyKey: newKey(),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { distributionId: string; instanceCount: number; results: unknown[] };
    expect(body.distributionId).toMatch(/^p_/);
    expect(body.instanceCount).toBeGreaterThan(0);
    expect(body.results).toHaveLength(1);
  });
});

/** Malformed bodies: each must be a 4xx naming the field, with nothing sent to ENS. */
function malformedBodies(): [string, unknown, string][] {
  const cases: [string, unknown, string][] = [];
  const strategy = null;
  const withFile = (label: string, overrides: Record<string, unknown>, field: string) =>
    cases.push([label, { data: [goodFile(overrides)], strategy, idempotencyKey: newKey() }, `data.0.${field}`]);
  const withoutField = (field: string) => {
    const file: Record<string, unknown> = goodFile();
    delete file[field];
    cases.push([`missing ${field}`, { data: [file], strategy, idempotencyKey: newKey() }, `data.0.${field}`]);
  };
  for (const field of ['name', 'version', 'size', 'archiveType', 'url', 'timeout']) withoutField(field);
  const badValues: Record<string, unknown[]> = {
    name: ['', 42, null, true, 'x'.repeat(300), 'bad\u0000name', ['a'], {}],
    version: ['', 7, null, 'v'.repeat(200), false, []],
    size: [-1, '100', null, 'big', Number.MAX_VALUE * 10, {}, true],
    archiveType: ['rar', '', 'TAR.GZ', 5, null, '7z'],
    md5: [
      'xyz',
      'G123456789abcdef0123456789abcdef',
      '0123456789abcdef',
      'a'.repeat(33),
      12345,
      null,
      '0123456789abcdef0123456789abcde ',
    ],
    url: [
      'ftp://host/file',
      'file:///etc/passwd',
      'not a url',
      '',
      42,
      null,
      'javascript:alert(1)',
      `https://x.example/${'a'.repeat(3000)}`,
      'https://user:pw@host/x',
    ],
    timeout: [0, -5, 1.5, '600', null, 10 ** 9, 'soon'],
  };
  for (const [field, values] of Object.entries(badValues)) {
    values.forEach((value) => withFile(`${field} = ${JSON.stringify(value)?.slice(0, 30)}`, { [field]: value }, field));
  }
  cases.push([
    'unknown field',
    { data: [{ ...goodFile(), archivetype: 'zip' }], strategy, idempotencyKey: newKey() },
    'data.0.archivetype',
  ]);
  cases.push(['duplicate file', { data: [goodFile(), goodFile()], strategy, idempotencyKey: newKey() }, 'data.1.name']);
  cases.push(['empty data', { data: [], strategy, idempotencyKey: newKey() }, 'data']);
  cases.push(['data not a list', { data: goodFile(), strategy, idempotencyKey: newKey() }, 'data']);
  cases.push(['data missing', { strategy, idempotencyKey: newKey() }, 'data']);
  cases.push([
    'too many files',
    { data: Array.from({ length: 51 }, (_, i) => goodFile({ version: `v${i}` })), strategy, idempotencyKey: newKey() },
    'data',
  ]);
  cases.push(['strategy missing', { data: [goodFile()], idempotencyKey: newKey() }, 'strategy']);
  const policy = (p: Record<string, unknown>) => ({
    name: 'ScheduleToRegionId',
    operator: 'In',
    values: ['cn-nowhere-1'],
    ...p,
  });
  const strategies: [string, unknown, string][] = [
    ['unknown region', [policy({})], 'strategy.0.values.0'],
    ['unknown policy name', [policy({ name: 'ScheduleToAll' })], 'strategy.0.name'],
    ['unknown operator', [policy({ operator: 'Like' })], 'strategy.0.operator'],
    ['empty values', [policy({ values: [] })], 'strategy.0.values'],
    ['duplicate values', [policy({ values: ['cn-a-1', 'cn-a-1'] })], 'strategy.0.values.1'],
    ['values not a list', [policy({ values: 'cn-a-1' })], 'strategy.0.values'],
    ['empty strategy list', [], 'strategy'],
    ['strategy an object', { name: 'ScheduleToRegionId' }, 'strategy'],
    ['strategy a string', 'all', 'strategy'],
    ['region id with spaces', [policy({ values: ['cn chengdu'] })], 'strategy.0.values.0'],
    ['extra policy field', [policy({ weight: 5 })], 'strategy.0.weight'],
  ];
  for (const [label, s, field] of strategies)
    cases.push([label, { data: [goodFile()], strategy: s, idempotencyKey: newKey() }, field]);
  cases.push(['no idempotency key', { data: [goodFile()], strategy }, 'idempotencyKey']);
  cases.push(['short idempotency key', { data: [goodFile()], strategy, idempotencyKey: 'abc' }, 'idempotencyKey']);
  cases.push([
    'idempotency key with spaces',
    { data: [goodFile()], strategy, idempotencyKey: 'has spaces in it' },
    'idempotencyKey',
  ]);
  cases.push([
    'idempotency key a number',
    { data: [goodFile()], strategy, idempotencyKey: 12345678 },
    'idempotencyKey',
  ]);
  cases.push([
    'unknown top-level field',
    { data: [goodFile()], strategy, idempotencyKey: newKey(), force: true },
    'force',
  ]);
  cases.push([
    'bad distribute destPath',
    {
      data: [goodFile()],
      strategy,
      idempotencyKey: newKey(),
      distribute: { destPath: 'relative/dir', decompress: true, timeout: 60 },
    },
    'distribute.destPath',
  ]);
  cases.push([
    'bad distribute fileMode',
    {
      data: [goodFile()],
      strategy,
      idempotencyKey: newKey(),
      distribute: { destPath: '/data', decompress: true, timeout: 60, fileMode: '999' },
    },
    'distribute.fileMode',
  ]);
  cases.push([
    'distribute decompress missing',
    { data: [goodFile()], strategy, idempotencyKey: newKey(), distribute: { destPath: '/data', timeout: 60 } },
    'distribute.decompress',
  ]);
  // Generated: a value of the wrong type in a random field of the second file.
  const stringFields = ['name', 'version', 'archiveType', 'md5', 'url'];
  const numberFields = ['size', 'timeout'];
  const notAString = fc.oneof(
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 2 }),
    fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }),
  );
  const notANumber = fc.oneof(
    fc.string(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.integer(), { maxLength: 2 }),
    fc.constant(Number.NaN),
  );
  const generated = fc.oneof(
    fc.tuple(fc.constantFrom(...stringFields), notAString),
    fc.tuple(fc.constantFrom(...numberFields), notANumber),
  );
  fc.sample(generated, { numRuns: 30, seed: 20261126 }).forEach(([field, value], i) => {
    const second = goodFile({ version: `gen-${i}`, [field]: value });
    cases.push([
      `generated: data.1.${field} = ${JSON.stringify(value)?.slice(0, 24)}`,
      { data: [goodFile(), second], strategy, idempotencyKey: newKey() },
      `data.1.${field}`,
    ]);
  });
  cases.push(['body a list', [goodFile()], '']);
  cases.push(['body a string', 'push it', '']);
  cases.push(['body null', null, '']);
  return cases;
}

describe('malformed push bodies', () => {
  const cases = malformedBodies();

  test('they cover every field of a data file and of the body', () => {
    const named = new Set(
      cases.map(([, , field]) =>
        field
          .split('.')
          .filter((p) => !/^\d+$/.test(p))
          .at(-1),
      ),
    );
    for (const field of [...Object.keys(pushDataItemSchema.shape), 'data', 'strategy', 'idempotencyKey'])
      expect(named, field).toContain(field);
  });

  test.each(cases)('%s → 400 naming %s', async (_label, body, field) => {
    const before = await pushCalls();
    const response = await post(path(), body);
    expect(response.status).toBe(400);
    const error = ((await response.json()) as { error: { code: string; issues: { path: string; message: string }[] } })
      .error;
    expect(error.code).toBe('InvalidInput');
    if (field) expect(error.issues.map((i) => i.path)).toContain(field);
    expect(error.issues.every((i) => i.message.length > 0)).toBe(true);
    expect(await pushCalls()).toBe(before);
  });

  test.each([
    ['invalid JSON', '{"data": [', 'application/json', 400],
    ['wrong content type', JSON.stringify({ data: [goodFile()], strategy: null }), 'text/plain', 415],
    ['form body', 'data=x', 'application/x-www-form-urlencoded', 415],
    [
      'a body over 256 KiB',
      JSON.stringify({ data: [goodFile({ name: 'x'.repeat(300 * 1024) })], strategy: null }),
      'application/json',
      413,
    ],
  ])('%s → %i, nothing sent', async (_label, raw, type, status) => {
    const before = await pushCalls();
    const response = await post(path(), undefined, {
      raw,
      headers: { 'content-type': type, 'idempotency-key': newKey() },
    });
    expect(response.status).toBe(status);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.message.length).toBeGreaterThan(0);
    expect(await pushCalls()).toBe(before);
  });
});
