import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { keepServerLog, recordSecret } from './secrets';

/**
 * A push cut off between the audit write and ENS's answer: the dashboard process is
 * killed (SIGKILL) while ENS is slow to answer. After a restart the entry must say
 * "unknown", and earlier entries must be intact.
 */
// Free ports, picked at start: fixed ones collide with whatever else runs on the machine.
let SIM_PORT = 0;
let APP_PORT = 0;
let app = '';
let sim = '';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

let simulator: ChildProcess;
let keys: { id: string; secret: string };
const dir = mkdtempSync(join(tmpdir(), 'ens-interrupted-'));

function startProcess(command: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

async function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} did not come up`);
}

function startDashboard(): ChildProcess {
  const dashboard = startProcess('node_modules/.bin/next', ['start', '-p', String(APP_PORT)], {
    ENS_MODE: 'live',
    // A loopback simulator stands in for ENS: no one else can reach these ports.
    ALLOW_UNAUTHENTICATED_LIVE: '1',
    ENS_ENDPOINT: `127.0.0.1:${SIM_PORT}`,
    ENS_PROTOCOL: 'http',
    ALIBABA_CLOUD_ACCESS_KEY_ID: keys.id,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: keys.secret,
    DATABASE_URL: `file:${join(dir, 'dashboard.db')}`,
    ENS_READ_TIMEOUT_MS: '30000',
  });
  keepServerLog(dashboard, 'push-interrupted');
  return dashboard;
}

test.beforeAll(async () => {
  APP_PORT = await freePort();
  app = `http://127.0.0.1:${APP_PORT}`;
  // Port 0: the simulator binds a free port and prints it.
  simulator = startProcess(
    'node_modules/.bin/tsx',
    ['lib/simulator/cli.ts', '--port', '0', '--activity', 'off', '--instances', '300'],
    {},
  );
  const output = await new Promise<string>((resolve, reject) => {
    let text = '';
    simulator.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (/access key secret: \S+/.test(text) && /listening on http:\/\/127\.0\.0\.1:\d+/.test(text)) resolve(text);
    });
    simulator.once('exit', () => reject(new Error(`simulator exited: ${text}`)));
  });
  keys = { id: /access key id: (\S+)/.exec(output)![1]!, secret: /access key secret: (\S+)/.exec(output)![1]! };
  recordSecret('AccessKey secret', keys.secret);
  SIM_PORT = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output)![1]);
  sim = `http://127.0.0.1:${SIM_PORT}`;
});

test.afterAll(() => {
  simulator?.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

test('a push interrupted by a crash is "unknown" after restart, and nothing else is lost', async () => {
  test.setTimeout(120_000);
  let dashboard = startDashboard();
  try {
    await waitFor(`${app}/api/health`);
    const appId = ((await (await fetch(`${app}/api/apps`)).json()) as { apps: { appId: string }[] }).apps[0]!.appId;
    const push = (version: string, key: string) =>
      fetch(`${app}/api/apps/${appId}/pushes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          data: [
            {
              name: 'crash-test.zip',
              version,
              size: 10,
              archiveType: 'zip',
              md5: '',
              url: 'https://example.com/a.zip',
              timeout: 60,
            },
          ],
          strategy: null,
          idempotencyKey: key,
        }),
      });
    expect((await push('before-crash', 'crash-test-key-1')).status).toBe(201);

    await fetch(`${sim}/__sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"latencyMs": 20000}',
    });
    const inFlight = push('during-crash', 'crash-test-key-2').catch(() => undefined);
    // The audit row is written before ENS is called; wait until it is there, then crash.
    await expect
      .poll(async () => {
        const list = (await (await fetch(`${app}/api/apps/${appId}/pushes?version=during-crash`)).json()) as {
          pushes: { state: string }[];
        };
        return list.pushes[0]?.state;
      })
      .toBe('pending');
    dashboard.kill('SIGKILL');
    await inFlight;
    await fetch(`${sim}/__sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });

    dashboard = startDashboard();
    await waitFor(`${app}/api/health`);
    const after = (await (await fetch(`${app}/api/apps/${appId}/pushes?name=crash-test.zip`)).json()) as {
      pushes: { state: string; data: { version: string }[] }[];
    };
    expect(after.pushes.map((p) => [p.data[0]!.version, p.state])).toEqual([
      ['during-crash', 'unknown'],
      ['before-crash', 'sent'],
    ]);
    // Retrying with the interrupted key must not push blindly.
    // PushOutcomeUnknown, not PushInProgress: the push page drops the key on it, where
    // PushInProgress would leave it retrying the same key against a 409 forever.
    const retry = await push('during-crash', 'crash-test-key-2');
    expect(retry.status).toBe(409);
    expect(((await retry.json()) as { error: { code: string } }).error.code).toBe('PushOutcomeUnknown');
  } finally {
    dashboard.kill('SIGTERM');
  }
});
