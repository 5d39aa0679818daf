import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { imageCommand, prepareStandalone, startServer, type RunningServer } from './harness';

/*
 * AUTH_MODE=proxy in the artifact: the image's CMD (the server wrapper beside the
 * standalone server.js) must tell the authenticating proxy from everyone else by the
 * TCP peer. The proxy is played from 127.0.0.2 (Linux routes all of 127/8 to the
 * loopback), every other client from 127.0.0.1.
 */
const PROXY = '127.0.0.2';
const CLIENT = '127.0.0.1';

interface Answer {
  status: number;
  body: string;
}

/** One request from a chosen local address, as a peer on that address would send it. */
function fromPeer(
  server: RunningServer,
  localAddress: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${server.url}${path}`,
      { method: options.method ?? 'GET', headers: options.headers, localAddress },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const identity = { 'x-forwarded-user': 'olga', 'x-forwarded-groups': 'staff,ens-operators' };

describe('AUTH_MODE=proxy in the image', () => {
  let server: RunningServer;
  let dir: string;
  let appId: string;

  beforeAll(async () => {
    prepareStandalone();
    dir = mkdtempSync(join(tmpdir(), 'ens-proxy-auth-'));
    server = await startServer({
      DATABASE_URL: `file:${join(dir, 'data', 'dashboard.db')}`,
      SIMULATOR_INSTANCES: '200',
      SIMULATOR_ACTIVITY: 'off',
      AUTH_MODE: 'proxy',
      TRUSTED_PROXY_CIDRS: `${PROXY}/32`,
      ROLE_GROUPS_OPERATOR: 'ens-operators',
    });
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("the image runs the wrapper, not Next.js's bare server.js", () => {
    const { args, wrapper } = imageCommand();
    expect(wrapper).toEqual({ from: 'scripts/server.mjs', to: args[0] });
  });

  test('identity headers from the trusted proxy are honoured', async () => {
    const apps = await fromPeer(server, PROXY, '/api/apps', { headers: identity });
    expect(apps.status).toBe(200);
    appId = (JSON.parse(apps.body) as { apps: { appId: string }[] }).apps[0]!.appId;
    const page = await fromPeer(server, PROXY, `/apps/${appId}`, { headers: identity });
    expect(page.status).toBe(200);
    expect(page.body).toContain('olga');

    const push = await fromPeer(server, PROXY, `/api/apps/${appId}/pushes`, {
      method: 'POST',
      headers: { ...identity, 'content-type': 'application/json' },
      body: JSON.stringify({
        data: [
          {
            name: 'proxy.tar.gz',
            version: '1.0.0',
            size: 1024,
            archiveType: 'tar.gz',
            md5: '0123456789abcdef0123456789abcdef',
            url: 'https://artifacts.example.com/proxy.tar.gz',
            timeout: 600,
          },
        ],
        strategy: null,
        idempotencyKey: 'proxy-push-1',
      }),
    });
    expect(push.status).toBe(201);
    const list = await fromPeer(server, PROXY, `/api/apps/${appId}/pushes`, { headers: identity });
    expect(list.status).toBe(200);
    expect(list.body).toContain('"actor":"olga"');
  });

  test('the same headers from any other peer are ignored: anonymous, refused', async () => {
    expect((await fromPeer(server, CLIENT, '/api/apps', { headers: identity })).status).toBe(401);
    expect((await fromPeer(server, CLIENT, '/apps', { headers: identity })).status).toBe(401);
    // Claiming to be the proxy, with the server's own stamp headers, changes nothing.
    const forged = await fromPeer(server, CLIENT, '/api/apps', {
      headers: { ...identity, 'x-ens-peer-address': PROXY, 'x-ens-peer-proof': 'guessed' },
    });
    expect(forged.status).toBe(401);
    const push = await fromPeer(server, CLIENT, `/api/apps/${appId}/pushes`, {
      method: 'POST',
      headers: { ...identity, 'x-forwarded-user': 'mallory', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(push.status).toBe(401);
    const list = await fromPeer(server, PROXY, `/api/apps/${appId}/pushes`, { headers: identity });
    expect(list.body).not.toContain('mallory');
  });
});
