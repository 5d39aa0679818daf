import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * Roles in the browser (the suite runs with AUTH_MODE=proxy, loopback trusted) and the
 * pages under the strict CSP: what a role cannot do is not offered, and no script is blocked.
 */
const as = (browser: Browser, user: string, groups: string) =>
  browser.newContext({ extraHTTPHeaders: { 'x-forwarded-user': user, 'x-forwarded-groups': groups } });

function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to (execute|load)/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

test('a viewer sees versions but is offered no push; the push page says why', async ({ browser }) => {
  const context = await as(browser, 'vera', 'staff');
  const page = await context.newPage();
  const violations = cspViolations(page);
  await page.goto('/apps');
  await expect(page.getByTestId('auth-badge')).toHaveText('vera · viewer');
  await expect(page.getByRole('link', { name: 'All versions' }).first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Push', exact: true })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'API tokens' })).toHaveCount(0);
  const appHref = (await page.getByRole('link', { name: 'All versions' }).first().getAttribute('href'))!;
  await page.goto(`${appHref}/push`);
  await expect(page.getByRole('alert').filter({ hasText: 'needs the operator role' })).toBeVisible();
  const push = await page.request.post(`/api${appHref}/pushes`, { data: {} });
  expect(push.status()).toBe(403);
  expect(violations).toEqual([]);
  await context.close();
});

test('an operator is offered pushes; headers from outside the proxy do not count', async ({ browser }) => {
  const context = await as(browser, 'otto', 'e2e-operators');
  const page = await context.newPage();
  await page.goto('/apps');
  await expect(page.getByTestId('auth-badge')).toHaveText('otto · operator');
  await expect(page.getByRole('link', { name: 'Push', exact: true }).first()).toBeVisible();
  await context.close();

  const anonymous = await browser.newContext({ extraHTTPHeaders: {} });
  const refused = await anonymous.newPage().then((p) => p.goto('/apps'));
  expect(refused?.status()).toBe(401);
  await anonymous.close();
});

test('pages carry a nonce CSP and still work: an admin creates, uses and revokes a token', async ({
  page,
  request,
}) => {
  const violations = cspViolations(page);
  const response = await page.goto('/settings/tokens');
  const csp = response!.headers()['content-security-policy']!;
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(response!.headers()['x-content-type-options']).toBe('nosniff');
  const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
  // Every script Next.js rendered carries this request's nonce.
  const scripts = await page.locator('script').evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
  expect(scripts.length).toBeGreaterThan(0);
  expect(new Set(scripts)).toEqual(new Set([nonce]));

  await page.getByLabel('Name').fill('e2e pipeline');
  await page.getByLabel('Role').selectOption('viewer');
  await page.getByRole('button', { name: 'Create token' }).click();
  const value = (await page.getByTestId('new-token-value').textContent())!;
  expect(value).toMatch(/^ens_/);
  const withToken = await request.get('/api/apps', {
    headers: { authorization: `Bearer ${value}`, 'x-forwarded-user': '', 'x-forwarded-groups': '' },
  });
  expect(withToken.status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId('new-token')).toHaveCount(0);
  expect(await page.content()).not.toContain(value);
  const row = page.getByTestId('token-row').filter({ hasText: 'e2e pipeline' }).first();
  await expect(row.locator('td').nth(5)).toHaveText(/UTC$/);
  await row.getByRole('button', { name: 'Revoke e2e pipeline' }).click();
  await expect(row).toContainText('revoked by e2e-admin');
  expect((await request.get('/api/apps', { headers: { authorization: `Bearer ${value}` } })).status()).toBe(401);
  expect(violations).toEqual([]);
});

test('a cross-origin write and a foreign Host are refused; a page, an API answer and the CSV carry the security headers', async ({
  request,
}) => {
  const cross = await request.post('/api/tokens', {
    headers: { origin: 'https://evil.example' },
    data: { name: 'x', role: 'admin' },
  });
  expect(cross.status()).toBe(403);
  const foreign = await request.get('/api/apps', { headers: { host: 'rebind.example' } });
  expect(foreign.status()).toBe(421);
  const apps = (await (await request.get('/api/apps')).json()) as { apps: { appId: string }[] };
  const appId = apps.apps[0]!.appId;
  const items = (await (await request.get(`/api/apps/${appId}/distribution`)).json()) as {
    items: { name: string; version: string }[];
  };
  const v = items.items[0]!;
  const query = `name=${encodeURIComponent(v.name)}&version=${encodeURIComponent(v.version)}`;
  for (const path of ['/apps', '/api/health', `/api/apps/${appId}/distribution/instances.csv?${query}`]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()['content-security-policy'], path).toContain("frame-ancestors 'none'");
    expect(response.headers()['x-content-type-options'], path).toBe('nosniff');
    expect(response.headers()['referrer-policy'], path).toBe('same-origin');
  }
});
