/**
 * Signed status-image links against the real routes, with authentication on: the badge
 * and the status image open without a session for a valid signature of exactly that
 * image, application, file and version, and are refused when the signature is
 * tampered with, expired, borrowed from another image or missing.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { signedImagePath, signImage, type SignedImage } from '@/lib/server/auth/signed-url';
import { startHarness, type Harness } from './testing/harness';

type Routes = {
  apps: typeof import('./apps/route');
  distribution: typeof import('./apps/[appId]/distribution/route');
  badge: typeof import('./apps/[appId]/badge.svg/route');
  status: typeof import('./apps/[appId]/status.png/route');
};

const admin = {
  'x-ens-peer-address': '10.1.2.3',
  'x-ens-peer-proof': 'test-peer-proof',
  'x-forwarded-user': 'ada',
  'x-forwarded-groups': 'ens-admins',
};
const DAY_MS = 86_400_000;

let h: Harness;
let r: Routes;
let appId: string;
let otherAppId: string;
let file: { name: string; version: string };

beforeAll(async () => {
  h = await startHarness({
    AUTH_MODE: 'proxy',
    TRUSTED_PROXY_CIDRS: '10.0.0.0/8',
    ROLE_GROUPS_ADMIN: 'ens-admins',
    SIGNED_URL_SECRET: 'route-test-signing-secret-0123456789abcdef',
  });
  r = {
    apps: await import('./apps/route'),
    distribution: await import('./apps/[appId]/distribution/route'),
    badge: await import('./apps/[appId]/badge.svg/route'),
    status: await import('./apps/[appId]/status.png/route'),
  };
  const apps = (await (await h.call(r.apps.GET, '/api/apps', { headers: admin })).json()) as {
    apps: { appId: string }[];
  };
  appId = apps.apps[0]!.appId;
  otherAppId = apps.apps[1]!.appId;
  const items = (await (
    await h.call(r.distribution.GET, `/api/apps/${appId}/distribution`, { headers: admin, params: { appId } })
  ).json()) as { items: { name: string; version: string }[] };
  file = items.items[0]!;
}, 60_000);

afterAll(() => h?.close());

const handlerOf = (image: SignedImage) => (image === 'badge.svg' ? r.badge.GET : r.status.GET);

/** A request for `path` (as signedImagePath builds them) on the handler of `image`, with no identity. */
async function anonymous(image: SignedImage, path: string, params = { appId }): Promise<Response> {
  const response = await h.call(handlerOf(image), path, { params });
  return response;
}

function withParam(path: string, key: string, value: string): string {
  const url = new URL(path, 'http://x');
  url.searchParams.set(key, value);
  return url.pathname + url.search;
}

describe.each(['badge.svg', 'status.png'] as const)('%s', (image) => {
  const contentType = image === 'badge.svg' ? 'image/svg+xml' : 'image/png';

  test('a signed link opens without a session', async () => {
    const path = signedImagePath({ image, appId, ...file });
    expect(path).toMatch(/[?&]exp=\d+&sig=[\w-]{43}$/);
    const response = await anonymous(image, path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain(contentType);
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(100);
  });

  test('unsigned: 401; tampered, expired, or signed for something else: 403 saying why', async () => {
    const path = signedImagePath({ image, appId, ...file });
    const { exp, sig } = Object.fromEntries(new URL(path, 'http://x').searchParams) as { exp: string; sig: string };
    const unsigned = new URL(path, 'http://x');
    unsigned.searchParams.delete('exp');
    unsigned.searchParams.delete('sig');
    const unsignedResponse = await anonymous(image, unsigned.pathname + unsigned.search);
    expect(unsignedResponse.status).toBe(401);
    await unsignedResponse.arrayBuffer();

    const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
    const expired = signImage({ image, appId, ...file }, { days: 1, now: Date.now() - 10 * DAY_MS });
    const refused: [string, string, { appId: string }?][] = [
      ['tampered signature', withParam(path, 'sig', flipped)],
      ['later expiry', withParam(path, 'exp', String(Number(exp) + 86_400))],
      ['another version', withParam(path, 'version', `${file.version}-other`)],
      ['another file', withParam(path, 'name', `other-${file.name}`)],
      [
        'another image',
        signedImagePath({ image: image === 'badge.svg' ? 'status.png' : 'badge.svg', appId, ...file }).replace(
          /\/[a-z]+\.(svg|png)\?/,
          `/${image}?`,
        ),
      ],
      ['another application', path.replace(appId, otherAppId), { appId: otherAppId }],
      ['signature without expiry', withParam(path, 'exp', '')],
      ['expired', withParam(withParam(path, 'exp', String(expired.exp)), 'sig', expired.sig)],
    ];
    for (const [why, refusedPath, params] of refused) {
      const response = await anonymous(image, refusedPath, params);
      const body = (await response.json()) as { error: { message: string } };
      expect([why, response.status]).toEqual([why, 403]);
      expect(body.error.message).toMatch(why === 'expired' ? /expired/ : /not validly signed/);
    }
  });

  test('a signed-in viewer needs no signature, and a broken one does not lock them out', async () => {
    const path = signedImagePath({ image, appId, ...file });
    for (const p of [path.replace(/&exp=.*$/, ''), withParam(path, 'sig', 'x'.repeat(43))]) {
      const response = await h.call(handlerOf(image), p, { params: { appId }, headers: admin });
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    }
  });
});
