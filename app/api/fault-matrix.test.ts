import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from './testing/harness';

/*
 * The fault matrix over every API route: the dashboard against the simulator's fault
 * injection (throttling, 5xx, dropped connections, latency beyond the read timeout, and
 * all of them at once). Once ENS is known to be failing, every route answers within
 * 2 s (the acceptance bound; the implementation aims at about 1 s) with its
 * last good data marked stale or a clear 4xx/5xx error that is never a 500; after the
 * fault clears, everything recovers without a restart.
 *
 * The read deadline is 8 s, as a slow production setting would allow: without failing
 * fast, a route would retry for those 8 s.
 */

type Handler = Parameters<Harness['call']>[0];
interface Probe {
  name: string;
  handler: Handler;
  path: string;
  /** Data read before the fault: it must come back marked stale or as a clear error. */
  warm: boolean;
  init?: RequestInit;
}

let h: Harness;
let probes: Probe[];
let appId: string;
let health: Handler;

const FAULTS: [string, Record<string, number>][] = [
  ['throttling', { throttleRate: 1 }],
  ['5xx', { errorRate: 1 }],
  ['dropped connections', { dropRate: 1 }],
  ['latency beyond the timeout', { latencyMs: 2_500 }],
  ['all at once', { throttleRate: 0.3, errorRate: 0.3, dropRate: 0.3, latencyMs: 2_500 }],
];

beforeAll(async () => {
  h = await startHarness({ ENS_READ_TIMEOUT_MS: '2000', ENS_READ_DEADLINE_MS: '8000' });
  const route = async <T>(path: string) => (await import(path)) as T;
  type Get = { GET: Handler };
  health = (await route<Get>('./health/route')).GET;
  const apps = (await route<Get>('./apps/route')).GET;
  appId = ((await (await h.call(apps, '/api/apps')).json()) as { apps: { appId: string }[] }).apps[0]!.appId;
  const params = { appId };
  const summaries = (await route<Get>('./apps/[appId]/distribution/route')).GET;
  const { items } = (await (await h.call(summaries, `/api/apps/${appId}/distribution`, { params })).json()) as {
    items: { name: string; version: string }[];
  };
  const v = new URLSearchParams({ name: items[0]!.name, version: items[0]!.version });
  const base = `/api/apps/${appId}`;
  probes = [
    { name: 'GET /api/apps', handler: apps, path: '/api/apps', warm: true },
    {
      name: 'GET regions',
      handler: (await route<Get>('./apps/[appId]/regions/route')).GET,
      path: `${base}/regions`,
      warm: true,
    },
    { name: 'GET distribution', handler: summaries, path: `${base}/distribution`, warm: true },
    {
      name: 'GET detail',
      handler: (await route<Get>('./apps/[appId]/distribution/detail/route')).GET,
      path: `${base}/distribution/detail?${v}`,
      warm: true,
    },
    {
      name: 'GET instances',
      handler: (await route<Get>('./apps/[appId]/distribution/instances/route')).GET,
      path: `${base}/distribution/instances?${v}`,
      warm: true,
    },
    {
      name: 'GET instances.csv',
      handler: (await route<Get>('./apps/[appId]/distribution/instances.csv/route')).GET,
      path: `${base}/distribution/instances.csv?${v}`,
      warm: true,
    },
    {
      name: 'GET history',
      handler: (await route<Get>('./apps/[appId]/distribution/history/route')).GET,
      path: `${base}/distribution/history?${v}`,
      warm: true,
    },
    {
      name: 'GET push-status',
      handler: (await route<Get>('./apps/[appId]/push-status/route')).GET,
      path: `${base}/push-status?${v}`,
      warm: true,
    },
    {
      name: 'GET pushes',
      handler: (await route<Get>('./apps/[appId]/pushes/route')).GET,
      path: `${base}/pushes`,
      warm: true,
    },
    {
      name: 'GET detail of a version never read',
      handler: (await route<Get>('./apps/[appId]/distribution/detail/route')).GET,
      path: `${base}/distribution/detail?name=never-read&version=1`,
      warm: false,
    },
    { name: 'GET /api/health', handler: health, path: '/api/health', warm: false },
  ];
  const push = (await route<{ POST: Handler }>('./apps/[appId]/pushes/route')).POST;
  const body = JSON.stringify({
    data: [
      {
        name: 'fault-matrix.tar.gz',
        version: '1',
        size: 1,
        archiveType: 'tar.gz',
        md5: '',
        url: 'https://files.example.com/f.tar.gz',
        timeout: 60,
      },
    ],
    strategy: null,
  });
  probes.push({
    name: 'POST pushes',
    handler: push,
    path: `${base}/pushes`,
    warm: false,
    init: { method: 'POST', headers: { 'content-type': 'application/json' }, body },
  });
});
afterAll(async () => {
  await h.close();
});

let keySeq = 0;
async function ask(probe: Probe): Promise<{ status: number; ms: number; body: string }> {
  const init =
    probe.init?.method === 'POST'
      ? {
          ...probe.init,
          headers: { 'content-type': 'application/json', 'idempotency-key': `fault-matrix-${Date.now()}-${++keySeq}` },
        }
      : probe.init;
  const started = performance.now();
  const response = await h.call(probe.handler, probe.path, { ...init, params: { appId } });
  const body = await response.text();
  return { status: response.status, ms: performance.now() - started, body };
}

async function circuit(): Promise<string> {
  return ((await (await h.call(health, '/api/health')).json()) as { ens: { circuit: string } }).ens.circuit;
}

describe.each(FAULTS)('under %s', (_title, faults) => {
  test('every route answers within 2 s with stale data or a clear error, never a 500, and recovers', async () => {
    await h.isolate();
    for (const probe of probes) {
      const warm = await ask(probe);
      expect([probe.name, warm.status < 300 || probe.name.includes('never read')]).toEqual([probe.name, true]);
    }

    await h.simPost('/__sim/faults', faults);
    // ENS becomes "known to be failing" once the circuit has seen its failures.
    const discovery = probes.find((p) => p.name === 'GET detail of a version never read')!;
    for (let i = 0; i < 20 && (await circuit()) === 'closed'; i++) {
      await ask({
        ...discovery,
        path: `/api/apps/${appId}/distribution/detail?name=discovery&version=${Date.now()}-${i}`,
      });
    }
    expect(await circuit()).not.toBe('closed');

    for (const probe of probes) {
      const answer = await ask(probe);
      expect({ probe: probe.name, fast: answer.ms < 2_000, status500: answer.status === 500 }).toEqual({
        probe: probe.name,
        fast: true,
        status500: false,
      });
      if (answer.status >= 400) {
        expect([429, 502, 503, 504]).toContain(answer.status);
        // A clear reason: the error shape, or health's own `{ ens: { reachable: false, error } }`.
        const parsed = JSON.parse(answer.body) as {
          error?: { message: string };
          ens?: { reachable: boolean; error?: { message: string } };
        };
        expect((parsed.error ?? parsed.ens?.error)?.message.length).toBeGreaterThan(0);
      } else if (probe.name === 'GET detail' || probe.name === 'GET instances') {
        // Its data was read before the fault and its cache has expired: served, marked stale.
        expect(JSON.parse(answer.body)).toMatchObject({ stale: true, error: { code: expect.any(String) } });
      }
    }

    await h.simPost('/__sim/faults', {});
    // The circuit probes again after its pause; no restart, no reset.
    const recovered = new Set<string>();
    for (let i = 0; i < 40 && recovered.size < probes.length; i++) {
      for (const probe of probes) {
        if (recovered.has(probe.name)) continue;
        const answer = await ask(probe);
        const fresh = answer.status < 300 && !/"stale":true/.test(answer.body);
        if (fresh || (probe.name.includes('never read') && answer.status === 404)) recovered.add(probe.name);
        else if (probe.name.includes('never read') && answer.status === 200) recovered.add(probe.name);
      }
      if (recovered.size < probes.length) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(probes.map((p) => p.name).filter((n) => !recovered.has(n))).toEqual([]);
  }, 60_000);
});
