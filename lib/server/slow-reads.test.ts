import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { VersionKey } from '@/lib/db';
import { startSimulator, type RunningSimulator } from '@/lib/simulator';
import {
  appWithRolloutInFlight,
  clientFor,
  findVersions,
  simControl,
  useLiveSimulator,
} from '@/lib/server/watcher/test-support';

/*
 * A version whose read is not answered at once, read by the routes' read service
 * (lib/server/versions.ts) in live mode against the simulator over HTTP, with latency
 * injected at the simulator. ENS is answering, only slowly: a request with the last
 * read at hand is answered with it, not after a second's wait with it marked stale as
 * if ENS were failing.
 */

const TTL_MS = 100;
const LATENCY_MS = 1_200;
let sim: RunningSimulator;
let dir: string;
let inFlight: VersionKey;
let settled: VersionKey;
let services: typeof import('@/lib/server/versions');

beforeAll(async () => {
  sim = await startSimulator({ port: 0, instances: 300, activity: false, seed: 'slow-reads' });
  dir = mkdtempSync(join(tmpdir(), 'ens-slow-reads-'));
  useLiveSimulator(sim, dir, { ENS_CACHE_TTL_MS: String(TTL_MS) });
  const versions = await findVersions(clientFor(sim), await appWithRolloutInFlight(clientFor(sim)));
  inFlight = versions.inFlight!;
  settled = versions.settled!;
  services = await import('@/lib/server/versions');
  // The dialect is calibrated once, with its own calls: done here, before any latency.
  await (await import('@/lib/server/calibration')).getDialect();
});

afterAll(async () => {
  const { getDb } = await import('@/lib/db/server');
  await (await getDb()).close();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

const latency = (latencyMs: number) => simControl(sim, 'faults', { latencyMs });
const expired = () => new Promise((resolve) => setTimeout(resolve, TTL_MS + 50));
const read = (key: VersionKey) => services.readVersionRows(key.appId, key.name, key.version);

describe('a version whose read takes more than a second', () => {
  test('is answered with its last read, not marked stale, while the next one runs', async () => {
    await latency(LATENCY_MS);
    try {
      const first = await read(settled);
      expect(first.stale).toBe(false);
      expect(first.value.length).toBeGreaterThan(0);
      await expired();
      const again = await read(settled);
      expect(again).toMatchObject({ stale: false, fetchedAt: first.fetchedAt });
      expect(again.error).toBeUndefined();
      expect(again.value).toBe(first.value);
      // The refresh that request started in the background, joined: the same rows, read again.
      const refreshed = await services.loadVersionRows(settled.appId, settled.name, settled.version);
      expect(refreshed.length).toBe(first.value.length);
    } finally {
      await latency(0);
    }
  });

  test('a read a request started is joined by the requests that follow it: they show one read', async () => {
    const first = await read(inFlight);
    await expired();
    await latency(300);
    try {
      const [a, b] = await Promise.all([read(inFlight), read(inFlight)]);
      expect(a.fetchedAt).toBeGreaterThan(first.fetchedAt);
      expect(b.fetchedAt).toBe(a.fetchedAt);
      expect(b.value).toBe(a.value);
    } finally {
      await latency(0);
    }
  });

  test("is answered with its last read while the watcher's sweep of it runs, however fast the last read was", async () => {
    const first = await read(inFlight);
    await latency(LATENCY_MS);
    try {
      // The watcher's read, as lib/server/watcher/index.ts starts it.
      const sweep = services.loadVersionRows(inFlight.appId, inFlight.name, inFlight.version, { background: true });
      await expired();
      const during = await read(inFlight);
      expect(during).toMatchObject({ stale: false, fetchedAt: first.fetchedAt });
      expect(during.error).toBeUndefined();
      expect(during.value).toBe(first.value);
      expect((await sweep).length).toBe(first.value.length);
    } finally {
      await latency(0);
    }
  });
});
