import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { VersionKey } from '@/lib/db';
import type { EnsClient } from '@/lib/ens/client';
import type { PagedReadResult } from '@/lib/ens/paged-read';
import type { DistRow } from '@/lib/ens/schemas';
import { startSimulator, type RunningSimulator } from '@/lib/simulator';
import { advanceSimClock, appWithRolloutInFlight, clientFor, findVersions } from '@/lib/server/watcher/test-support';
import { readVersionRowsFrom } from './version-rows';

/*
 * A version read again from the simulator over HTTP: pages ENS answers byte for byte
 * as before are taken from the last read unparsed, and the rows are still exactly what
 * a read from scratch gives, whatever moved in between.
 */

let sim: RunningSimulator;
let client: EnsClient;
let inFlight: VersionKey;
let settled: VersionKey;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, instances: 900, activity: false, seed: 'version-rows' });
  client = clientFor(sim);
  const versions = await findVersions(client, await appWithRolloutInFlight(client));
  inFlight = versions.inFlight!;
  settled = versions.settled!;
});

afterAll(async () => {
  await sim?.close();
});

/**
 * The version's rows, reading on from `previous`, with how its pages went. One client,
 * as the server has: its inventory (the regions rows are attributed from) is one map.
 */
async function read(key: VersionKey, previous?: readonly DistRow[]) {
  let pages: PagedReadResult | undefined;
  const rows = await readVersionRowsFrom(client, key, previous, {
    pageSize: 50,
    onRead: (p) => void (pages = p),
  });
  return { rows, pages: pages! };
}

const byInstance = (rows: readonly DistRow[]) => [...rows].sort((a, b) => a.instanceId.localeCompare(b.instanceId));

describe('a read that follows another', () => {
  test('takes every page answered as before from the last read, unparsed, and is that read', async () => {
    const first = await read(settled);
    expect(first.pages.pages).toBeGreaterThan(2);
    expect(first.pages.recalledPages).toBe(0);
    const again = await read(settled, first.rows);
    expect(again.pages.recalledPages).toBe(again.pages.pages);
    expect(again.rows).toBe(first.rows);
    expect(again.pages.complete).toBe(true);
  });

  test('parses the pages that changed and gives what a read from scratch gives', async () => {
    const first = await read(inFlight);
    const moving = first.rows.filter((r) => r.status === 'DISTING' || r.status === 'POD_RESTARTING').length;
    expect(moving).toBeGreaterThan(0);
    await advanceSimClock(sim, 3_600);
    const next = await read(inFlight, first.rows);
    const fresh = await read(inFlight);
    expect(next.pages.recalledPages).toBeLessThan(next.pages.pages);
    expect(byInstance(next.rows)).toEqual(byInstance(fresh.rows));
    expect(next.rows.filter((r) => r.status === 'DISTING').length).toBeLessThan(moving);
    // And the read after it, with nothing moved since, takes every page from it.
    const still = await read(inFlight, next.rows);
    expect(still.pages.recalledPages).toBe(still.pages.pages);
    expect(byInstance(still.rows)).toEqual(byInstance(fresh.rows));
  });
});
