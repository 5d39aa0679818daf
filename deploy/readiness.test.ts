import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freePort, prepareStandalone, startServer, type RunningServer } from './harness';

/*
 * An ENS outage is every replica's: readiness must stay 200 ("degraded"), or a load
 * balancer would take every replica out and nobody could see the last good answers.
 * Liveness does not look at ENS at all; the legacy /api/health still says 503.
 */
describe('readiness while ENS cannot be reached', () => {
  let server: RunningServer;
  let dir: string;

  beforeAll(async () => {
    prepareStandalone();
    dir = mkdtempSync(join(tmpdir(), 'ens-readiness-'));
    const closedPort = await freePort();
    server = await startServer({
      ENS_MODE: 'live',
      // A loopback simulator stands in for ENS: no one else can reach these ports.
      ALLOW_UNAUTHENTICATED_LIVE: '1',
      ENS_ENDPOINT: `127.0.0.1:${closedPort}`,
      ENS_PROTOCOL: 'http',
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'unused-id',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'unused-secret',
      ENS_READ_DEADLINE_MS: '1000',
      DATABASE_URL: `file:${join(dir, 'dashboard.db')}`,
    });
  });
  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('ready answers 200 degraded, live 200, the legacy health 503', async () => {
    const ready = await fetch(`${server.url}/api/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'degraded',
      draining: false,
      database: { reachable: true, migrated: true },
      ens: { reachable: false, error: { code: 'ConnectionRefused' } },
    });
    expect((await fetch(`${server.url}/api/health/live`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(503);

    const metrics = await (await fetch(`${server.url}/api/metrics`)).text();
    expect(metrics).toMatch(
      /ens_dashboard_ens_calls_total\{action="DescribeEnsRegions",outcome="network_error"\} [1-9]/,
    );
  });
});
