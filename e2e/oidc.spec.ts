import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import Provider from 'oidc-provider';
import { expect, test } from './fixtures';
import { keepServerLog, recordSecret } from './secrets';

/**
 * AUTH_MODE=oidc against a real OpenID Connect provider (oidc-provider) on loopback:
 * a dashboard server of its own is started with it, and Chromium signs in through
 * the provider's login and consent pages.
 */
const CLIENT_SECRET = 'oidc-test-client-secret-0123456789';
const SESSION_SECRET = 'oidc-test-session-secret-0123456789abcdef';
const IDLE_SECONDS = 15;
const GROUPS: Record<string, string[]> = { ada: ['ens-admins'], vera: ['staff'] };

let op: Server;
let dashboard: ChildProcess;
let dashboardUrl: string;
let issuer: string;
let dir: string;
const serverLog: string[] = [];

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  dir = mkdtempSync(join(tmpdir(), 'ens-oidc-'));
  recordSecret('OIDC client secret', CLIENT_SECRET);
  recordSecret('session secret', SESSION_SECRET);
  const port = await freePort();
  dashboardUrl = `http://127.0.0.1:${port}`;

  op = createServer();
  await new Promise<void>((resolve) => op.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(op.address() as { port: number }).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'dashboard',
        client_secret: CLIENT_SECRET,
        redirect_uris: [`${dashboardUrl}/api/auth/callback`],
        post_logout_redirect_uris: [`${dashboardUrl}/`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    claims: { openid: ['sub'], email: ['email'], groups: ['groups'] },
    scopes: ['openid', 'email', 'groups'],
    pkce: { required: () => true },
    cookies: { keys: ['oidc-test-cookie-key'] },
    findAccount: (_ctx, id) => ({
      accountId: id,
      claims: () => ({ sub: id, email: `${id}@example.com`, groups: GROUPS[id] ?? [] }),
    }),
  });
  op.on('request', provider.callback());

  dashboard = spawn(process.execPath, ['scripts/server.mjs'], {
    env: {
      ...process.env,
      PORT: String(port),
      ENS_MODE: 'simulator',
      SIMULATOR_PORT: '0',
      SIMULATOR_INSTANCES: '200',
      SIMULATOR_ACTIVITY: 'off',
      DATABASE_URL: `file:${join(dir, 'oidc.db')}`,
      AUTH_MODE: 'oidc',
      PUBLIC_URL: dashboardUrl,
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: 'dashboard',
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_SCOPES: 'openid email groups',
      SESSION_SECRET,
      SESSION_IDLE_MINUTES: String(IDLE_SECONDS / 60),
      ROLE_GROUPS_ADMIN: 'ens-admins',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  keepServerLog(dashboard, 'oidc', serverLog);
  await expect
    .poll(async () => (await fetch(`${dashboardUrl}/api/health`).catch(() => null))?.status ?? 0, { timeout: 120_000 })
    .toBeGreaterThan(0);
});

test.afterAll(async () => {
  dashboard?.kill('SIGTERM');
  await new Promise((resolve) => op?.close(resolve));
  if (dir) rmSync(dir, { recursive: true, force: true });
  // Neither secret reaches the server's output.
  const log = serverLog.join('');
  expect(log).not.toContain(CLIENT_SECRET);
  expect(log).not.toContain(SESSION_SECRET);
});

async function signIn(page: Page, login: string) {
  await page.goto(`${dashboardUrl}/apps`);
  await expect(page).toHaveURL(new RegExp(`^${issuer}/`));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  const consent = page.getByRole('button', { name: 'Continue' });
  if (await consent.isVisible().catch(() => false)) await consent.click();
  await expect(page).toHaveURL(`${dashboardUrl}/apps`);
}

test('signing in through the provider gives the roles of the groups claim; the cookie is sealed', async ({
  browser,
}) => {
  const context = await browser.newContext({ extraHTTPHeaders: {} });
  const page = await context.newPage();
  await signIn(page, 'ada');
  await expect(page.getByTestId('auth-badge')).toHaveText('ada@example.com · admin');
  await expect(page.getByRole('link', { name: 'API tokens' })).toBeVisible();
  const session = (await context.cookies(dashboardUrl)).find((c) => c.name === 'ens_session')!;
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  // Sealed: neither the value nor any base64 part of it holds the identity. (Three random
  // letters such as "ada" do turn up in a long sealed value now and then.)
  const parts = [
    session.value,
    ...session.value.split(/[^\w-]+/).map((p) => Buffer.from(p, 'base64url').toString('latin1')),
  ];
  for (const text of parts) expect(text).not.toContain('ada@example.com');
  expect((await page.request.get(`${dashboardUrl}/api/apps`)).status()).toBe(200);
  await context.close();

  const viewer = await browser.newContext({ extraHTTPHeaders: {} });
  const vpage = await viewer.newPage();
  await signIn(vpage, 'vera');
  await expect(vpage.getByTestId('auth-badge')).toHaveText('vera@example.com · viewer');
  expect(
    (await vpage.request.post(`${dashboardUrl}/api/tokens`, { data: { name: 'x', role: 'admin' } })).status(),
  ).toBe(403);
  await viewer.close();
});

test('without a session the API answers 401 and pages lead to the provider; a forged cookie is ignored', async ({
  browser,
}) => {
  const context = await browser.newContext({ extraHTTPHeaders: {} });
  await context.addCookies([{ name: 'ens_session', value: 'forged', url: dashboardUrl }]);
  const page = await context.newPage();
  expect((await page.request.get(`${dashboardUrl}/api/apps`)).status()).toBe(401);
  await page.goto(`${dashboardUrl}/apps`);
  await expect(page).toHaveURL(new RegExp(`^${issuer}/`));
  await context.close();
});

test('signing out ends the session', async ({ browser }) => {
  const context = await browser.newContext({ extraHTTPHeaders: {} });
  const page = await context.newPage();
  await signIn(page, 'ada');
  await page.getByRole('button', { name: 'Sign out' }).click();
  // The browser is sent on to the provider's end-session endpoint, to end its session too.
  await page.waitForURL(new RegExp(`^${issuer}/`));
  expect((await context.cookies(dashboardUrl)).find((c) => c.name === 'ens_session')).toBeUndefined();
  expect((await page.request.get(`${dashboardUrl}/api/apps`)).status()).toBe(401);
  await context.close();
});

test('an idle session expires', async ({ browser }) => {
  const context = await browser.newContext({ extraHTTPHeaders: {} });
  const page = await context.newPage();
  await signIn(page, 'ada');
  const cookie = (await context.cookies(dashboardUrl)).find((c) => c.name === 'ens_session')!;
  // Idle for longer than SESSION_IDLE_MINUTES; the cookie is replayed as-is, as a thief would.
  await page.waitForTimeout((IDLE_SECONDS + 1) * 1000);
  const replay = await page.request.get(`${dashboardUrl}/api/apps`, {
    headers: { cookie: `ens_session=${cookie.value}` },
  });
  expect(replay.status()).toBe(401);
  await context.close();
});
