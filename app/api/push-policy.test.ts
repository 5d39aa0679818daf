/** The push policy through the real route handlers: refusals name the rule and never reach ENS. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHarness, type Harness } from './testing/harness';

let h: Harness;
let pushes: typeof import('./apps/[appId]/pushes/route');
let distributions: typeof import('./apps/[appId]/distributions/route');
let appId: string;
let seq = 0;

const file = {
  name: 'policy.tar.gz',
  version: 'v1',
  size: 1024,
  archiveType: 'tar.gz',
  md5: '0123456789abcdef0123456789abcdef',
  url: 'https://a.example.com/p.tgz',
  timeout: 600,
};

async function push(distribute: Record<string, unknown>) {
  const response = await h.call(pushes.POST, `/api/apps/${appId}/pushes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      data: [{ ...file, version: `v${++seq}` }],
      strategy: null,
      idempotencyKey: `policy-${seq}-${Date.now()}`,
      distribute: { decompress: true, timeout: 600, ...distribute },
    }),
    params: { appId },
  });
  return {
    status: response.status,
    body: (await response.json()) as { error?: { issues: { path: string; message: string }[] } },
  };
}

const calls = async () =>
  ((await h.stats()).calls.PushApplicationData ?? 0) + ((await h.stats()).calls.DistApplicationData ?? 0);

beforeAll(async () => {
  h = await startHarness({ PUSH_ALLOWED_PATHS: '/data,/root' });
  pushes = await import('./apps/[appId]/pushes/route');
  distributions = await import('./apps/[appId]/distributions/route');
  const appsRoute = await import('./apps/route');
  appId = ((await (await h.call(appsRoute.GET, '/api/apps')).json()) as { apps: { appId: string }[] }).apps[0]!.appId;
});

afterAll(async () => {
  await h?.close();
});

describe('push policy', () => {
  test.each([
    ['/', 'distribute.destPath', /root directory \(PUSH_DENIED_PATHS\)/],
    ['/etc', 'distribute.destPath', /system directory \/etc/],
    ['//etc//cron.d/', 'distribute.destPath', /system directory \/etc/],
    ['/usr/local/bin', 'distribute.destPath', /system directory \/usr/],
    ['/opt/app', 'distribute.destPath', /allowed directories \/data, \/root \(PUSH_ALLOWED_PATHS\)/],
  ])('destPath %s is refused with a 400 naming the rule', async (destPath, path, message) => {
    const before = await calls();
    const { status, body } = await push({ destPath });
    expect(status).toBe(400);
    expect(body.error?.issues).toContainEqual(
      expect.objectContaining({ path, message: expect.stringMatching(message) }),
    );
    expect(await calls()).toBe(before);
  });

  test.each([
    ['4755', /set-uid/],
    ['2755', /set-gid/],
    ['0777', /world-writable/],
    ['6666', /set-uid, set-gid, world-writable/],
  ])('fileMode %s is refused with a 400 naming the rule', async (fileMode, message) => {
    const { status, body } = await push({ destPath: '/data/releases', fileMode });
    expect(status).toBe(400);
    expect(body.error?.issues).toContainEqual(
      expect.objectContaining({ path: 'distribute.fileMode', message: expect.stringMatching(message) }),
    );
  });

  test('an ordinary directory and mode pass', async () => {
    expect((await push({ destPath: '/data/releases', fileMode: '0755' })).status).toBe(201);
    expect((await push({ destPath: '/root/installed', fileMode: '644' })).status).toBe(201);
  });

  test('a distribution on its own follows the same policy, per file', async () => {
    const response = await h.call(distributions.POST, `/api/apps/${appId}/distributions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        data: [{ name: file.name, version: 'v1', destPath: '/boot', decompress: true, timeout: 600 }],
        strategy: null,
        idempotencyKey: `policy-dist-${Date.now()}`,
      }),
      params: { appId },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { issues: { path: string; message: string }[] } };
    expect(body.error.issues).toContainEqual(
      expect.objectContaining({ path: 'data.0.destPath', message: expect.stringMatching(/system directory \/boot/) }),
    );
  });
});
