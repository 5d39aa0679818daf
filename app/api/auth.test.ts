/**
 * Identity end to end through the real route handlers, simulator and database:
 * proxy headers count only from a trusted peer, the audit log records only
 * authenticated, valid actors, API tokens work until revoked, and pushes are rate-limited.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from './testing/harness';

let h: Harness;
let appsRoute: typeof import('./apps/route');
let pushes: typeof import('./apps/[appId]/pushes/route');
let tokensRoute: typeof import('./tokens/route');
let tokenRoute: typeof import('./tokens/[tokenId]/route');
let appId: string;
let otherAppId: string;

const TRUSTED = '10.9.8.7';
const as = (user: string, groups = '', peer = TRUSTED) => ({
  'x-ens-peer-address': peer,
  'x-ens-peer-proof': 'test-peer-proof',
  'x-forwarded-user': user,
  'x-forwarded-groups': groups,
});
const admin = as('ada', 'ens-admins');
const json = { 'content-type': 'application/json' };

let seq = 0;
const pushBody = (version = `auth-${++seq}`) => ({
  data: [
    {
      name: 'auth.tar.gz',
      version,
      size: 1024,
      archiveType: 'tar.gz',
      md5: '0123456789abcdef0123456789abcdef',
      url: 'https://a.example.com/a.tgz',
      timeout: 600,
    },
  ],
  strategy: null,
  idempotencyKey: `auth-key-${seq}-${Date.now()}`,
});

const push = (headers: Record<string, string>, target = appId) =>
  h.call(pushes.POST, `/api/apps/${target}/pushes`, {
    method: 'POST',
    headers: { ...json, ...headers },
    body: JSON.stringify(pushBody()),
    params: { appId: target },
  });

async function actors(): Promise<string[]> {
  const response = await h.call(pushes.GET, `/api/apps/${appId}/pushes?name=auth.tar.gz&limit=200`, {
    headers: admin,
    params: { appId },
  });
  return ((await response.json()) as { pushes: { actor: string }[] }).pushes.map((p) => p.actor);
}

async function createToken(body: Record<string, unknown>) {
  const response = await h.call(tokensRoute.POST, '/api/tokens', {
    method: 'POST',
    headers: { ...json, ...admin },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as { value: string; token: { id: string; lastUsedAt: number | null } },
  };
}

beforeAll(async () => {
  h = await startHarness({
    AUTH_MODE: 'proxy',
    TRUSTED_PROXY_CIDRS: '10.0.0.0/8',
    ROLE_GROUPS_ADMIN: 'ens-admins',
    ROLE_GROUPS_OPERATOR: 'ens-operators',
    PUSH_RATE_LIMIT_PER_MINUTE: '3',
  });
  appsRoute = await import('./apps/route');
  pushes = await import('./apps/[appId]/pushes/route');
  tokensRoute = await import('./tokens/route');
  tokenRoute = await import('./tokens/[tokenId]/route');
  const apps = (
    (await (await h.call(appsRoute.GET, '/api/apps', { headers: admin })).json()) as { apps: { appId: string }[] }
  ).apps;
  appId = apps[0]!.appId;
  otherAppId = apps[1]!.appId;
});

afterAll(async () => {
  await h?.close();
});

describe('AUTH_MODE=proxy', () => {
  test('identity headers from an untrusted address are ignored; from the proxy they work', async () => {
    expect((await h.call(appsRoute.GET, '/api/apps', { headers: as('ada', 'ens-admins', '192.0.2.1') })).status).toBe(
      401,
    );
    expect((await h.call(appsRoute.GET, '/api/apps', { headers: { 'x-forwarded-user': 'ada' } })).status).toBe(401);
    // A client naming a trusted peer itself (as it could under `next dev`) lacks the server's proof.
    const { 'x-ens-peer-proof': _proof, ...selfStamped } = as('ada', 'ens-admins');
    expect((await h.call(appsRoute.GET, '/api/apps', { headers: selfStamped })).status).toBe(401);
    expect(
      (await h.call(appsRoute.GET, '/api/apps', { headers: { ...selfStamped, 'x-ens-peer-proof': 'guess' } })).status,
    ).toBe(401);
    expect((await h.call(appsRoute.GET, '/api/apps', { headers: as('vera') })).status).toBe(200);
  });

  test('a forged or malformed actor never reaches the audit log; a viewer cannot push', async () => {
    const calls = async () => (await h.stats()).calls.PushApplicationData ?? 0;
    const before = await calls();
    expect((await push(as('<img src=x onerror=alert(1)>', 'ens-operators', '203.0.113.5'))).status).toBe(401);
    expect((await push(as('<img src=x onerror=alert(1)>', 'ens-operators'))).status).toBe(401);
    expect((await push(as('tab\there', 'ens-operators'))).status).toBe(401);
    expect((await push(as('x'.repeat(201), 'ens-operators'))).status).toBe(401);
    expect((await push(as('vera'))).status).toBe(403);
    expect(await calls()).toBe(before);
    expect((await push(as('otto', 'ens-operators'))).status).toBe(201);
    expect(await actors()).toEqual(['otto']);
  });

  test('pushes beyond the per-actor limit get 429 with Retry-After; another actor is unaffected', async () => {
    const op = as('rita', 'ens-operators');
    for (let i = 0; i < 3; i++) expect((await push(op)).status).toBe(201);
    const refused = await push(op);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('RateLimited');
    expect((await push(as('sam', 'ens-operators'))).status).toBe(201);
  });
});

describe('API tokens', () => {
  test('created by an admin, shown once, used in scope, refused out of scope, then revoked', async () => {
    const created = await createToken({ name: 'ci pipeline', role: 'operator', appId, expiresInDays: 30 });
    expect(created.status).toBe(201);
    expect(created.body.value).toMatch(/^ens_[A-Za-z0-9_-]{43}$/);
    const bearer = { authorization: `Bearer ${created.body.value}` };

    const listed = await (await h.call(tokensRoute.GET, '/api/tokens', { headers: admin })).text();
    expect(listed).toContain(created.body.token.id);
    expect(listed).not.toContain(created.body.value);
    expect(listed).not.toContain(created.body.value.slice(4, 20));

    expect((await push(bearer)).status).toBe(201);
    expect(await actors()).toContain('token:ci pipeline');
    expect((await push(bearer, otherAppId)).status).toBe(403);
    expect((await h.call(tokensRoute.GET, '/api/tokens', { headers: bearer })).status).toBe(403);

    const afterUse = (await (await h.call(tokensRoute.GET, '/api/tokens', { headers: admin })).json()) as {
      tokens: { id: string; lastUsedAt: number | null }[];
    };
    expect(afterUse.tokens.find((t) => t.id === created.body.token.id)?.lastUsedAt).toEqual(expect.any(Number));

    const id = created.body.token.id;
    expect(
      (
        await h.call(tokenRoute.DELETE, `/api/tokens/${id}`, {
          method: 'DELETE',
          headers: as('otto', 'ens-operators'),
          params: { tokenId: id },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await h.call(tokenRoute.DELETE, `/api/tokens/${id}`, {
          method: 'DELETE',
          headers: admin,
          params: { tokenId: id },
        })
      ).status,
    ).toBe(204);
    expect((await push(bearer)).status).toBe(401);
    expect(
      (
        await h.call(tokenRoute.DELETE, `/api/tokens/${id}`, {
          method: 'DELETE',
          headers: admin,
          params: { tokenId: id },
        })
      ).status,
    ).toBe(404);
  });

  test('a made-up or malformed token is refused, never treated as anonymous', async () => {
    expect(
      (await h.call(appsRoute.GET, '/api/apps', { headers: { authorization: `Bearer ens_${'A'.repeat(43)}` } })).status,
    ).toBe(401);
    expect(
      (await h.call(appsRoute.GET, '/api/apps', { headers: { ...admin, authorization: 'Basic YWRhOg==' } })).status,
    ).toBe(401);
  });

  test('a bad token request names the field', async () => {
    const response = await createToken({ name: '', role: 'root', expiresInDays: 0 });
    expect(response.status).toBe(400);
    const paths = (response.body as unknown as { error: { issues: { path: string }[] } }).error.issues.map(
      (i) => i.path,
    );
    expect([...new Set(paths)].sort()).toEqual(['expiresInDays', 'name', 'role']);
  });
});
