import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { COMPOSE_ENV, freePort, ROOT } from './harness';

/*
 * Where a container runtime is available, the image itself: built from the Dockerfile
 * and run with compose's environment (SQLite on its volume), then the same smoke as
 * deploy/standalone.test.ts: health, a page, a push. Skipped where there is none (CI
 * here has no daemon; deploy/standalone.test.ts runs the same server.js without it).
 */
const runtime = ['docker', 'podman'].find((bin) => spawnSync(bin, ['info'], { stdio: 'ignore' }).status === 0) ?? null;
if (!runtime) console.log('deploy/image test skipped: no working docker or podman');

describe.skipIf(runtime === null)('the image', () => {
  const tag = `ens-rollout-dashboard:test-${process.pid}`;
  const name = `ens-dashboard-test-${process.pid}`;
  let url: string;

  beforeAll(async () => {
    execFileSync(runtime!, ['build', '-t', tag, ROOT], { stdio: 'inherit' });
    const port = await freePort();
    const env = Object.entries({ ...COMPOSE_ENV, SIMULATOR_INSTANCES: '300', SIMULATOR_ACTIVITY: 'off' }).flatMap(
      ([k, v]) => ['-e', `${k}=${v}`],
    );
    execFileSync(runtime!, ['run', '-d', '--name', name, '-p', `127.0.0.1:${port}:3000`, ...env, tag], {
      stdio: 'inherit',
    });
    url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        if ((await fetch(`${url}/api/health/ready`)).ok) break;
      } catch {
        // starting
      }
      if (Date.now() > deadline) throw new Error(execFileSync(runtime!, ['logs', name]).toString());
      await new Promise((r) => setTimeout(r, 500));
    }
  }, 900_000);

  afterAll(() => {
    if (!runtime) return;
    spawnSync(runtime, ['stop', '-t', '30', name], { stdio: 'ignore' });
    spawnSync(runtime, ['rm', '-f', name], { stdio: 'ignore' });
    spawnSync(runtime, ['rmi', '-f', tag], { stdio: 'ignore' });
  });

  test('runs as a non-root user and answers health, a page and a push', async () => {
    expect(execFileSync(runtime!, ['exec', name, 'id', '-u']).toString().trim()).not.toBe('0');
    expect((await fetch(`${url}/api/health/live`)).status).toBe(200);
    const apps = (await (await fetch(`${url}/api/apps`)).json()) as { apps: { appId: string }[] };
    const appId = apps.apps[0]!.appId;
    expect((await fetch(`${url}/apps/${appId}`)).status).toBe(200);
    const push = await fetch(`${url}/api/apps/${appId}/pushes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        data: [
          {
            name: 'image.tar.gz',
            version: '1.0.0',
            size: 1024,
            archiveType: 'tar.gz',
            md5: '0123456789abcdef0123456789abcdef',
            url: 'https://artifacts.example.com/i.tar.gz',
            timeout: 600,
          },
        ],
        strategy: null,
        idempotencyKey: 'image-push-1',
      }),
    });
    expect(push.status).toBe(201);
  });

  test('docker stop drains and the container exits 0', () => {
    execFileSync(runtime!, ['stop', '-t', '30', name]);
    expect(execFileSync(runtime!, ['inspect', '-f', '{{.State.ExitCode}}', name]).toString().trim()).toBe('0');
  });
});
