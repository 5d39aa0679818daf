import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { boundedTargets, MAX_WATCHED_VERSIONS } from '@/lib/server/watcher/watcher';
import { startHarness, type Harness } from '../testing/harness';

/*
 * Reads of versions that do not exist must not add background sweeps: only versions
 * ENS knows (or that this dashboard pushed) are watched, and a sweep cycle covers a
 * bounded number of versions whatever the requests.
 */

let h: Harness;
let detail: typeof import('./[appId]/distribution/detail/route');
let db: Awaited<ReturnType<typeof import('@/lib/db/server').getDb>>;
let appId: string;
let real: { name: string; version: string };

beforeAll(async () => {
  h = await startHarness();
  detail = await import('./[appId]/distribution/detail/route');
  db = await (await import('@/lib/db/server')).getDb();
  const apps = (await (await h.call((await import('./route')).GET, '/api/apps')).json()) as {
    apps: { appId: string }[];
  };
  appId = apps.apps[0]!.appId;
  const summaries = await import('./[appId]/distribution/route');
  const listed = (await (
    await h.call(summaries.GET, `/api/apps/${appId}/distribution`, { params: { appId } })
  ).json()) as { items: { name: string; version: string }[] };
  real = listed.items[0]!;
});
afterAll(async () => {
  await h.close();
});

const read = (name: string, version: string) =>
  h.call(
    detail.GET,
    `/api/apps/${appId}/distribution/detail?name=${encodeURIComponent(name)}&version=${encodeURIComponent(version)}`,
    { params: { appId } },
  );

async function viewed(): Promise<string[]> {
  return (await db.watchTargets.listActive())
    .filter((t) => t.reasons.includes('viewed'))
    .map((t) => `${t.name}@${t.version}`);
}

describe('watched versions', () => {
  test('150 reads of made-up versions watch nothing; a read of a real one watches it', async () => {
    for (let i = 0; i < 150; i++) expect((await read(`made-up-${i}`, `0.0.${i}`)).status).toBe(200);
    expect((await read(real.name, real.version)).status).toBe(200);
    // The view is written in the background; wait until the real version shows up.
    for (let i = 0; i < 50 && !(await viewed()).includes(`${real.name}@${real.version}`); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(await viewed()).toEqual([`${real.name}@${real.version}`]);
  });

  test('a sweep cycle covers at most MAX_WATCHED_VERSIONS, pushes before views', () => {
    const views = Array.from({ length: MAX_WATCHED_VERSIONS + 50 }, (_, i) => ({
      id: `v${i}`,
      reasons: ['viewed' as const],
      lastRequestedAt: i,
    }));
    const pushed = { id: 'pushed', reasons: ['pushed' as const], lastRequestedAt: 0 };
    const both = { id: 'both', reasons: ['viewed' as const, 'pushed' as const], lastRequestedAt: 1 };
    const kept = boundedTargets([...views, pushed, both]);
    expect(kept).toHaveLength(MAX_WATCHED_VERSIONS);
    expect(kept.slice(0, 2).map((t) => t.id)).toEqual(['both', 'pushed']);
    // The most recently viewed come next; the oldest views are the ones left out.
    expect(kept[2]!.id).toBe(`v${MAX_WATCHED_VERSIONS + 49}`);
    expect(kept.map((t) => t.id)).not.toContain('v0');
    expect(boundedTargets(views.slice(0, 3))).toHaveLength(3);
  });
});
