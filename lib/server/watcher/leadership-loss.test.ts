import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase, type Db } from '@/lib/db';
import { postgresEngine } from '@/lib/db/test-engines';
import { startSimulator, type RunningSimulator } from '@/lib/simulator';
import { createBackgroundWork } from './background';
import { Distributor } from './distributor';
import { WatchRegistry } from './registry';
import { appWithRolloutInFlight, clientFor, findVersions, upstreamCalls, versionLoader } from './test-support';
import { Watcher } from './watcher';

/*
 * The leader loop's three ways of not leading, each in one process on a real
 * PostgreSQL: a follower (another session holds the lock) neither distributes nor
 * sweeps; a leader whose session is cut loses the lease, forgets its sweeps and says
 * so; a leadership check that throws leaves the process standing by, never crashing.
 */

const engine = postgresEngine();
if (engine.skipReason) console.log(`lib/server/watcher leadership tests skipped: ${engine.skipReason}`);

describe.skipIf(engine.skipReason !== null)('leadership loss', () => {
  let sim: RunningSimulator;
  let url: string;
  const open: Db[] = [];
  let key: { appId: string; name: string; version: string };

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, instances: 200, activity: false, seed: 'leadership-loss' });
    url = await engine.create();
    const client = clientFor(sim);
    const appId = await appWithRolloutInFlight(client);
    key = (await findVersions(client, appId)).inFlight!;
  });
  afterAll(async () => {
    for (const db of open) await db.close().catch(() => undefined);
    await engine.dispose();
    await sim?.close();
  });

  async function replica(lockKey: number) {
    const db = await openDatabase(url);
    open.push(db);
    const registry = new WatchRegistry();
    const changes: boolean[] = [];
    const warnings: string[] = [];
    const client = clientFor(sim);
    const work = createBackgroundWork({
      db,
      intervalMs: 1_000,
      retentionMs: 24 * 3600_000,
      lockKey,
      watcher: new Watcher({ db, registry, load: versionLoader(client) }),
      distributor: new Distributor({ db, client }),
      onLeadershipChange: (leading) => changes.push(leading),
      log: { info: () => {}, warn: (m) => warnings.push(m) },
    });
    await db.watchTargets.touch(key, 'viewed', 60_000);
    return { db, registry, changes, warnings, work };
  }

  test('a follower neither distributes nor sweeps', async () => {
    const lockKey = randomInt(1, 2 ** 40);
    const leader = await replica(lockKey);
    const follower = await replica(lockKey);
    try {
      expect(await leader.work.tick()).toMatchObject({ ran: true, leader: true });
      const reads = await upstreamCalls(sim, 'DescribeDataDistResult');
      expect(await follower.work.tick()).toEqual({ ran: true, leader: false });
      expect(await upstreamCalls(sim, 'DescribeDataDistResult')).toBe(reads);
      expect(follower.changes).toEqual([]);
      expect(follower.registry.get(key)).toBeUndefined();
    } finally {
      await leader.work.stop();
      await follower.work.stop();
    }
  });

  test('a leader whose session is cut loses the lease, forgets its sweeps, and another takes over', async () => {
    const lockKey = randomInt(1, 2 ** 40);
    const leader = await replica(lockKey);
    const other = await replica(lockKey);
    try {
      expect(await leader.work.tick()).toMatchObject({ ran: true, leader: true });
      expect(leader.registry.get(key)).toBeDefined();
      // The session holding the lock ends, as when a connection drops or a DBA kills it.
      // The timeout makes the call wait until that backend has exited and so released
      // the lock; without it the call only signals, and the other replica may ask first.
      await sql`select pg_terminate_backend(pid, 10000) from pg_locks
                where locktype = 'advisory' and granted and objsubid = 1
                  and ((classid::bigint << 32) | objid::bigint) = ${lockKey}::bigint`.execute(other.db.kysely);
      expect(await leader.work.tick()).toMatchObject({ ran: true });
      expect(leader.changes).toEqual([true, false]);
      expect(leader.registry.get(key)).toBeUndefined();
      expect(await other.work.tick()).toMatchObject({ ran: true, leader: true });
    } finally {
      await leader.work.stop();
      await other.work.stop();
    }
  });

  test('a leadership check that throws leaves the process standing by', async () => {
    const lockKey = randomInt(1, 2 ** 40);
    const broken = await replica(lockKey);
    // Its pool is closed: every leadership query now throws.
    await broken.db.close();
    expect(await broken.work.tick()).toEqual({ ran: true, leader: false });
    expect(broken.warnings.some((w) => /leadership check failed/.test(w))).toBe(true);
    await broken.work.stop();
  });
});
