import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { startHarness, type Harness } from './testing/harness';

/*
 * Without SIGNED_URL_SECRET or SESSION_SECRET the signing key is random per process.
 * Next.js gives the page that signs and the route that checks their own copies of the
 * module, so that key must be the process's, not a module copy's.
 */
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ AUTH_MODE: 'proxy', TRUSTED_PROXY_CIDRS: '10.0.0.0/8' });
}, 60_000);
afterAll(() => h?.close());

test('a link signed by one module copy opens the image route of another', async () => {
  const admin = {
    'x-ens-peer-address': '10.1.2.3',
    'x-ens-peer-proof': 'test-peer-proof',
    'x-forwarded-user': 'ada',
  };
  const apps = await import('./apps/route');
  const appId = (
    (await (await h.call(apps.GET, '/api/apps', { headers: admin })).json()) as { apps: { appId: string }[] }
  ).apps[0]!.appId;
  const distribution = await import('./apps/[appId]/distribution/route');
  const items = (await (
    await h.call(distribution.GET, `/api/apps/${appId}/distribution`, { headers: admin, params: { appId } })
  ).json()) as { items: { name: string; version: string }[] };
  // The page's copy signs...
  const { signedImagePath } = await import('@/lib/server/auth/signed-url');
  const path = signedImagePath({ image: 'badge.svg', appId, ...items.items[0]! });
  // ...and the route's copy checks.
  vi.resetModules();
  const badge = await import('./apps/[appId]/badge.svg/route');
  const response = await h.call(badge.GET, path, { params: { appId } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('image/svg+xml');
});
