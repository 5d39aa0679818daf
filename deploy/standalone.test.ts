import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { postgresEngine } from '@/lib/db/test-engines';
import { jsonLines, prepareStandalone, startServer, type RunningServer } from './harness';

/*
 * The artifact: `node server.js` from .next/standalone, started as the image starts it
 * (static files and public copied beside it, compose.yaml's environment), in simulator
 * mode. PostgreSQL as in compose when TEST_DATABASE_URL is set, else SQLite on a
 * temporary "volume". Health, one page, one push, the metrics and the logs, then a
 * SIGTERM that must end in exit code 0.
 */
const engine = postgresEngine();
const CANARY_SECRET = 'canary-secret-value-9f3c1e';

describe('the standalone server, as the image runs it', () => {
  let server: RunningServer;
  let dir: string;
  let appId: string;

  beforeAll(async () => {
    prepareStandalone();
    dir = mkdtempSync(join(tmpdir(), 'ens-standalone-'));
    const DATABASE_URL =
      engine.skipReason === null ? await engine.create() : `file:${join(dir, 'data', 'dashboard.db')}`;
    server = await startServer({
      DATABASE_URL,
      SIMULATOR_INSTANCES: '300',
      SIMULATOR_ACTIVITY: 'off',
      WATCH_INTERVAL_SECONDS: '1',
      // Ignored in simulator mode, but configured: it must never reach a log line.
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'canary-id',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: CANARY_SECRET,
    });
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    if (engine.skipReason === null) await engine.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('liveness, readiness and the legacy health answer', async () => {
    const live = await fetch(`${server.url}/api/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ status: 'ok' });

    const ready = await fetch(`${server.url}/api/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ready',
      draining: false,
      database: { reachable: true, migrated: true },
      ens: { reachable: true },
      mode: 'simulator',
    });

    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', mode: 'simulator', ens: { reachable: true } });
  });

  test('a page renders, with its static assets, and carries a request id', async () => {
    const apps = (await (await fetch(`${server.url}/api/apps`)).json()) as { apps: { appId: string }[] };
    appId = apps.apps[0]!.appId;
    const page = await fetch(`${server.url}/apps/${appId}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const html = await page.text();
    expect(html).toContain('ENS Rollout Dashboard');
    const asset = /\/_next\/static\/[^"]+\.js/.exec(html)?.[0];
    expect(asset).toBeDefined();
    expect((await fetch(server.url + asset!)).status).toBe(200);
  });

  test('one push in simulator mode, logged and counted', async () => {
    const requestId = 'smoke-test-push-0001';
    const response = await fetch(`${server.url}/api/apps/${appId}/pushes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({
        data: [
          {
            name: 'smoke.tar.gz',
            version: '1.0.0',
            size: 1024,
            archiveType: 'tar.gz',
            md5: '0123456789abcdef0123456789abcdef',
            url: 'https://artifacts.example.com/smoke.tar.gz',
            timeout: 600,
          },
        ],
        strategy: null,
        idempotencyKey: 'smoke-push-1',
      }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-request-id')).toBe(requestId);
    const push = (await response.json()) as { pushId: string; requestId: string };
    expect(push.requestId).not.toBe('');

    const metrics = await (await fetch(`${server.url}/api/metrics`)).text();
    expect(metrics).toContain('ens_dashboard_ens_calls_total{action="PushApplicationData",outcome="ok"} 1');
    expect(metrics).toContain('ens_dashboard_writes_total{kind="push",outcome="sent"} 1');
    expect(metrics).toMatch(
      /ens_dashboard_http_requests_total\{route="\/api\/apps\/\[appId\]\/pushes",method="POST",status="201"\} 1/,
    );
    expect(metrics).toMatch(
      /ens_dashboard_ens_call_duration_seconds_bucket\{le="[\d.]+",action="PushApplicationData",outcome="ok"\}/,
    );
    expect(metrics).toContain('ens_dashboard_leader 1');
    expect(metrics).toContain('process_resident_memory_bytes');
    // Bounded labels: no application id, file name or raw path in any series.
    expect(metrics).not.toContain(appId);
    expect(metrics).not.toContain('smoke.tar.gz');

    await until(() => jsonLines(server.output()).some((l) => l.msg === 'request' && l.requestId === requestId));
    const lines = jsonLines(server.output());
    const request = lines.find((l) => l.msg === 'request' && l.requestId === requestId);
    expect(request).toMatchObject({ method: 'POST', route: '/api/apps/[appId]/pushes', status: 201, level: 'info' });
    const ensLine = lines.find((l) => l.msg === 'ens call' && l.action === 'PushApplicationData');
    expect(ensLine).toMatchObject({ outcome: 'ok', ensRequestId: push.requestId });
    expect(lines.filter((l) => l.msg === 'ens call').every((l) => typeof l.ensRequestId === 'string')).toBe(true);
  });

  test('no log line carries a secret, a signature or an authorization header', () => {
    const output = server.output();
    expect(output).not.toContain(CANARY_SECRET);
    expect(output).not.toMatch(/authorization/i);
    expect(output).not.toMatch(/Signature=|ACS3-HMAC-SHA256 Credential/);
  });

  test('SIGTERM drains and exits 0', async () => {
    server.child.kill('SIGTERM');
    const { code, signal } = await server.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    const lines = jsonLines(server.output());
    expect(lines.some((l) => l.msg === 'shut down')).toBe(true);
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((r) => setTimeout(r, 50));
}
