import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../lib/simulator';
import type { RunningSimulator } from '../lib/simulator';
import { expect, test } from './fixtures';
import { keepServerLog, recordSecret } from './secrets';

/**
 * No configured secret anywhere a user or a log reader could see it: a dashboard in
 * live mode against a simulator with a known AccessKey, with OIDC and session secrets
 * set and API tokens created and used, then .next/static, every page's HTML and
 * every response the browser received, every API answer and the server log are
 * searched for each secret's value.
 */
const SECRETS = {
  accessKey: 'scan-access-key-secret-7f3a9c1e5b',
  oidcClient: 'scan-oidc-client-secret-2d8e4f6a0c',
  session: 'scan-session-secret-9b1c3e5a7d0f2468ace',
  signing: 'scan-signed-url-secret-4c6e8a0b2d4f6a8c0e',
  channel: 'scan-channel-secret-5e7a9c1b3d5f7a9c1e',
};
const admin = { 'x-forwarded-user': 'scan-admin', 'x-forwarded-groups': 'scan-admins' };

let sim: RunningSimulator;
let dashboard: ChildProcess;
let base: string;
let dir: string;
const log: string[] = [];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The route of every page.tsx under app/ (route groups and private folders aside). */
function pageRoutes(dir: string, route = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) {
      if (e.name.startsWith('_') || e.name === 'api') return [];
      const segment = /^\(.*\)$/.test(e.name) ? '' : `/${e.name}`;
      return pageRoutes(join(dir, e.name), route + segment);
    }
    return e.name === 'page.tsx' ? [route || '/'] : [];
  });
}

function files(path: string): string[] {
  return readdirSync(path, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(path, e.name)) : [join(path, e.name)],
  );
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dir = mkdtempSync(join(tmpdir(), 'ens-scan-'));
  // The end-of-run scan (e2e/global-teardown.ts) looks for them too, everywhere.
  recordSecret('AccessKey secret', SECRETS.accessKey);
  recordSecret('OIDC client secret', SECRETS.oidcClient);
  recordSecret('session secret', SECRETS.session);
  recordSecret('signing secret', SECRETS.signing);
  recordSecret('notification channel secret', SECRETS.channel);
  sim = await startSimulator({
    port: 0,
    instances: 300,
    apps: 2,
    seed: 'secret-scan',
    activity: false,
    accessKeyId: 'LTAIscan',
    accessKeySecret: SECRETS.accessKey,
  });
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  dashboard = spawn(process.execPath, ['scripts/server.mjs'], {
    env: {
      ...process.env,
      PORT: String(port),
      ENS_MODE: 'live',
      ENS_ENDPOINT: sim.endpoint,
      ENS_PROTOCOL: 'http',
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIscan',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRETS.accessKey,
      DATABASE_URL: `file:${join(dir, 'scan.db')}`,
      AUTH_MODE: 'proxy',
      TRUSTED_PROXY_CIDRS: '127.0.0.0/8,::1/128',
      ROLE_GROUPS_ADMIN: 'scan-admins',
      // Configured though unused in proxy mode: they must not leak either.
      OIDC_CLIENT_SECRET: SECRETS.oidcClient,
      SESSION_SECRET: SECRETS.session,
      SIGNED_URL_SECRET: SECRETS.signing,
      // A channel on loopback: saved without reaching anything, so its secret is on record.
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  keepServerLog(dashboard, 'secret-scan', log);
  await expect
    .poll(async () => (await fetch(`${base}/api/health`).catch(() => null))?.status ?? 0, { timeout: 120_000 })
    .toBeGreaterThan(0);
});

test.afterAll(async () => {
  dashboard?.kill('SIGTERM');
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('no secret in the bundle, a page, an API answer or the server log', async ({ browser }) => {
  test.setTimeout(180_000);
  const seen: { where: string; text: string }[] = [];
  const context = await browser.newContext({ extraHTTPHeaders: admin });
  const page = await context.newPage();
  page.on('response', async (response) => {
    const text = await response.text().catch(() => '');
    seen.push({ where: `browser ${response.url()}`, text });
  });
  const api = async (
    method: 'get' | 'post' | 'delete',
    path: string,
    options: { data?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const response = await context.request[method](`${base}${path}`, {
      ...options,
      headers: { ...admin, ...options.headers },
    });
    seen.push({
      where: `${method.toUpperCase()} ${path} → ${response.status()}`,
      text: `${JSON.stringify(response.headers())}\n${await response.text()}`,
    });
    return response;
  };

  // Tokens: created (its value is in that one answer, and must not be anywhere else), used, refused, revoked.
  const created = await api('post', '/api/tokens', { data: { name: 'scan', role: 'operator', expiresInDays: 1 } });
  expect(created.status()).toBe(201);
  const {
    value: token,
    token: { id: tokenId },
  } = (await created.json()) as { value: string; token: { id: string } };
  seen.pop();
  recordSecret('API token', token);

  const apps = ((await (await api('get', '/api/apps')).json()) as { apps: { appId: string }[] }).apps;
  const appId = apps[0]!.appId;
  const summaries = (
    (await (await api('get', `/api/apps/${appId}/distribution`)).json()) as {
      items: { name: string; version: string }[];
    }
  ).items;
  const v = summaries[0]!;
  const q = `name=${encodeURIComponent(v.name)}&version=${encodeURIComponent(v.version)}`;
  for (const path of [
    '/api/health',
    '/api/openapi.json',
    '/api/tokens',
    `/api/apps/${appId}/regions`,
    `/api/apps/${appId}/distribution/detail?${q}`,
    `/api/apps/${appId}/distribution/history?${q}`,
    `/api/apps/${appId}/distribution/instances?${q}`,
    `/api/apps/${appId}/distribution/instances.csv?${q}`,
    `/api/apps/${appId}/push-status?${q}`,
    `/api/apps/${appId}/pushes`,
    `/api/apps/${appId}/distribution/detail?name=&version=`,
  ]) {
    await api('get', path);
  }
  const file = {
    name: 'scan.tar.gz',
    version: 'v1',
    size: 1024,
    archiveType: 'tar.gz',
    md5: '0123456789abcdef0123456789abcdef',
    url: 'https://a.example.com/s.tgz',
    timeout: 600,
  };
  expect(
    (
      await api('post', `/api/apps/${appId}/pushes`, {
        data: { data: [file], strategy: null, idempotencyKey: 'scan-push-0001' },
        headers: { authorization: `Bearer ${token}` },
      })
    ).status(),
  ).toBe(201);
  await api('post', `/api/apps/${appId}/pushes`, {
    data: { data: [{ ...file, md5: 'nope' }], strategy: null, idempotencyKey: 'scan-push-0002' },
  });
  await api('get', '/api/apps', { headers: { authorization: `Bearer ${token}x` } });
  await api('delete', `/api/tokens/${tokenId}`);
  await api('get', '/api/apps', { headers: { authorization: `Bearer ${token}` } });

  // A notification channel with a secret, and a staged rollout: their pages are scanned too.
  expect(
    (
      await api('post', `/api/apps/${appId}/channels`, {
        data: { kind: 'webhook', url: 'http://127.0.0.1:9/scan-hook', secret: SECRETS.channel, events: ['*'] },
      })
    ).status(),
  ).toBe(201);
  const regions = (
    (await (await api('get', `/api/apps/${appId}/regions`)).json()) as { regions: { regionId: string }[] }
  ).regions;
  const createdRollout = await api('post', `/api/apps/${appId}/rollouts`, {
    data: {
      data: [{ ...file, name: 'scan-rollout.tar.gz' }],
      distribute: { destPath: '/root/scan', decompress: true, timeout: 600 },
      stages: [
        { name: 'canary', strategy: [{ name: 'ScheduleToRegionId', operator: 'In', values: [regions[0]!.regionId] }] },
      ],
      idempotencyKey: 'scan-rollout-0001',
    },
  });
  expect(createdRollout.status()).toBe(201);
  const { rolloutId } = (await createdRollout.json()) as { rolloutId: string };

  // Every page of app/ (a page added without an entry here fails), and a 404.
  const pages: Record<string, string> = {
    '/': '/',
    '/apps': '/apps',
    '/apps/[appId]': `/apps/${appId}`,
    '/apps/[appId]/history': `/apps/${appId}/history`,
    '/apps/[appId]/push': `/apps/${appId}/push`,
    '/apps/[appId]/versions': `/apps/${appId}/versions?${q}`,
    '/apps/[appId]/rollouts/[rolloutId]': `/apps/${appId}/rollouts/${rolloutId}`,
    '/apps/[appId]/settings/notifications': `/apps/${appId}/settings/notifications`,
    '/settings/tokens': '/settings/tokens',
    '/api-docs': '/api-docs',
    '/diagnostics': '/diagnostics',
  };
  expect(Object.keys(pages).sort()).toEqual(pageRoutes(join(process.cwd(), 'app')).sort());
  for (const path of [...Object.values(pages), '/apps/unknown-app']) {
    await page.goto(`${base}${path}`);
    await page.waitForLoadState('networkidle');
    seen.push({ where: `page ${path}`, text: await page.content() });
  }
  await context.close();

  const staticFiles = files(join(process.cwd(), '.next', 'static'));
  const secrets = { ...SECRETS, token };
  const found: string[] = [];
  for (const [name, secret] of Object.entries(secrets)) {
    for (const s of seen) if (s.text.includes(secret)) found.push(`${name} in ${s.where}`);
    for (const f of staticFiles) if (readFileSync(f).includes(secret)) found.push(`${name} in ${f}`);
    if (log.join('').includes(secret)) found.push(`${name} in the server log`);
  }
  // The scan looked at something: pages, API answers, the bundle and a log.
  expect(seen.filter((s) => s.where.startsWith('page ')).length).toBe(Object.keys(pages).length + 1);
  expect(seen.length).toBeGreaterThan(40);
  expect(staticFiles.length).toBeGreaterThan(10);
  expect(log.join('')).toContain('ENS live mode');
  expect(found).toEqual([]);
});
