import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '@/lib/db';
import { startSimulator, type RunningSimulator } from '@/lib/simulator';
import { prepareStandalone, startServer, type RunningServer } from './harness';

/*
 * A rolling restart must not lose a push: SIGTERM while a push waits on a slow ENS.
 * The listener closes at once, the push gets ENS's answer and is recorded as sent,
 * the process exits 0. With a grace period shorter than ENS's delay, the process
 * still exits 0 when the grace runs out, and the cut push is `unknown` afterwards.
 */
describe('graceful shutdown of the standalone server', () => {
  let sim: RunningSimulator;
  let dir: string;

  beforeAll(async () => {
    prepareStandalone();
    sim = await startSimulator({ port: 0, instances: 200, apps: 1, activity: false, seed: 'graceful' });
    dir = mkdtempSync(join(tmpdir(), 'ens-graceful-'));
  });
  afterAll(async () => {
    await sim?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function simPost(path: string, body: unknown): Promise<void> {
    const response = await fetch(sim.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.ok).toBe(true);
  }

  async function serve(
    name: string,
    graceSeconds: number,
  ): Promise<{ server: RunningServer; databaseUrl: string; appId: string }> {
    await simPost('/__sim/faults', {});
    const databaseUrl = `file:${join(dir, `${name}.db`)}`;
    const server = await startServer({
      ENS_MODE: 'live',
      // A loopback simulator stands in for ENS: no one else can reach these ports.
      ALLOW_UNAUTHENTICATED_LIVE: '1',
      ENS_ENDPOINT: sim.endpoint,
      ENS_PROTOCOL: 'http',
      ALIBABA_CLOUD_ACCESS_KEY_ID: sim.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: sim.accessKeySecret,
      DATABASE_URL: databaseUrl,
      WATCH_INTERVAL_SECONDS: '3600',
      SHUTDOWN_GRACE_SECONDS: String(graceSeconds),
    });
    const apps = (await (await fetch(`${server.url}/api/apps`)).json()) as { apps: { appId: string }[] };
    return { server, databaseUrl, appId: apps.apps[0]!.appId };
  }

  function push(server: RunningServer, appId: string, key: string): Promise<Response> {
    return fetch(`${server.url}/api/apps/${appId}/pushes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        data: [
          {
            name: `${key}.tar.gz`,
            version: '1.0.0',
            size: 1024,
            archiveType: 'tar.gz',
            md5: '0123456789abcdef0123456789abcdef',
            url: 'https://artifacts.example.com/g.tar.gz',
            timeout: 600,
          },
        ],
        strategy: null,
        idempotencyKey: key,
      }),
    });
  }

  /** Sends the push, and resolves once its audit row is pending: ENS now holds it for `latencyMs`. */
  async function pushReachingEns(
    server: RunningServer,
    databaseUrl: string,
    appId: string,
    key: string,
    latencyMs: number,
  ): Promise<{ answer: Promise<Response> }> {
    await simPost('/__sim/faults', { latencyMs });
    const answer = push(server, appId, key);
    // Settled either way: a cut push rejects, and must not be an unhandled rejection meanwhile.
    answer.catch(() => undefined);
    const db = await openDatabase(databaseUrl);
    try {
      // Validation reads ENS first (slowed too); the row is written just before the push is sent.
      for (let i = 0; i < 2400; i++) {
        const row = await db.kysely
          .selectFrom('pushes')
          .select(['state'])
          .where('idempotency_key', '=', key)
          .executeTakeFirst();
        if (row?.state === 'pending') break;
        await new Promise((r) => setTimeout(r, 25));
      }
    } finally {
      await db.close();
    }
    return { answer };
  }

  async function pushState(databaseUrl: string, key: string): Promise<string | undefined> {
    const db = await openDatabase(databaseUrl);
    try {
      const row = await db.kysely
        .selectFrom('pushes')
        .select(['state'])
        .where('idempotency_key', '=', key)
        .executeTakeFirst();
      return row?.state;
    } finally {
      await db.close();
    }
  }

  test('SIGTERM during a push: no new connections, the push finishes and is recorded, exit 0', async () => {
    const { server, databaseUrl, appId } = await serve('drain', 20);
    const { answer } = await pushReachingEns(server, databaseUrl, appId, 'drain-push-1', 2_000);
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    await expect(fetch(`${server.url}/api/health/live`)).rejects.toThrow();

    const response = await answer;
    expect(response.status).toBe(201);
    expect(response.headers.get('connection')).toBe('close');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(await pushState(databaseUrl, 'drain-push-1')).toBe('sent');
  });

  test('a push longer than the grace period is cut, the process still exits 0, and the push is unknown', async () => {
    const { server, databaseUrl, appId } = await serve('cut', 1);
    const { answer } = await pushReachingEns(server, databaseUrl, appId, 'cut-push-1', 4_000);
    server.child.kill('SIGTERM');
    await expect(answer).rejects.toThrow();
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(await pushState(databaseUrl, 'cut-push-1')).toBe('pending');
    // The next start-up marks what was cut off as unknown, as after a crash.
    const again = await startServer({
      ENS_MODE: 'live',
      // A loopback simulator stands in for ENS: no one else can reach these ports.
      ALLOW_UNAUTHENTICATED_LIVE: '1',
      ENS_ENDPOINT: sim.endpoint,
      ENS_PROTOCOL: 'http',
      ALIBABA_CLOUD_ACCESS_KEY_ID: sim.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: sim.accessKeySecret,
      DATABASE_URL: databaseUrl,
      WATCH_INTERVAL_SECONDS: '3600',
    });
    await again.stop();
    expect(await pushState(databaseUrl, 'cut-push-1')).toBe('unknown');
  });
});
