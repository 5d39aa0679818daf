import { afterAll, beforeAll, expect, test } from 'vitest';
import { startHarness, type Harness } from '../../../testing/harness';

/*
 * A deployment whose file origin is internal sets ALLOW_INTERNAL_FILE_URLS: pushes of
 * private addresses are then accepted (by default they are refused; see
 * app/api/hostile-input.test.ts and lib/ens/field-rules.test.ts).
 */

let h: Harness;
let route: typeof import('./route');
let appId: string;

beforeAll(async () => {
  h = await startHarness({ ALLOW_INTERNAL_FILE_URLS: 'true' });
  route = await import('./route');
  const apps = (await import('../../route')).GET;
  appId = ((await (await h.call(apps, '/api/apps')).json()) as { apps: { appId: string }[] }).apps[0]!.appId;
});
afterAll(async () => {
  await h.close();
});

test('with ALLOW_INTERNAL_FILE_URLS a private file origin is pushed; loopback text rules still hold', async () => {
  const push = (url: string, key: string) =>
    h.call(route.POST, `/api/apps/${appId}/pushes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        data: [{ name: 'internal.tar.gz', version: key, size: 1, archiveType: 'tar.gz', md5: '', url, timeout: 60 }],
        strategy: null,
        idempotencyKey: `internal-${key}`,
      }),
      params: { appId },
    });
  expect((await push('http://10.0.0.8/internal.tar.gz', 'v1')).status).toBe(201);
  expect((await push('http://files.corp/\u202einternal.tar.gz', 'v2')).status).toBe(400);
});
