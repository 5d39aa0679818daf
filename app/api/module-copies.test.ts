import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { startHarness, type Harness } from './testing/harness';

/*
 * Next.js loads lib modules more than once (the instrumentation hook that opens the
 * database and the shared ENS client, and each route bundle). An error thrown by one
 * copy must still map to its 4xx in a route of another copy, never to a 500.
 */

let h: Harness;
const store = globalThis as typeof globalThis & {
  __ensDashboardDb?: Promise<unknown>;
  __ensClient?: { key: string; client: unknown };
};

beforeAll(async () => {
  h = await startHarness();
  // The database handle and the ENS client, made by a first copy of the modules...
  const db = await import('@/lib/db/server');
  await db.getDb();
  const { getEnsClient } = await import('@/lib/ens/client');
  getEnsClient();
  expect(store.__ensDashboardDb).toBeDefined();
  expect(store.__ensClient).toBeDefined();
  // ...and the routes below from a second copy, as in the built server.
  vi.resetModules();
});
afterAll(async () => {
  await h.close();
});

describe('errors crossing module copies keep their status', () => {
  test('an invalid history cursor is a 400 naming `before`', async () => {
    const route = await import('./apps/[appId]/pushes/route');
    for (const before of ['abc', 'AAAA', 'W10', 'WyJ4Il0']) {
      const response = await h.call(route.GET, `/api/apps/app-1/pushes?before=${before}`, {
        params: { appId: 'app-1' },
      });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { issues: { path: string }[] } };
      expect(body.error.issues.map((i) => i.path)).toEqual(['before']);
    }
  });

  test("ENS's answer for an unknown application is a 404, not a 500", async () => {
    const route = await import('./apps/[appId]/regions/route');
    const response = await h.call(route.GET, '/api/apps/no-such-app/regions', { params: { appId: 'no-such-app' } });
    expect(response.status).toBe(404);
  });
});
