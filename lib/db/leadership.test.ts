import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AdvisoryLockLeadership } from './leadership';
import { postgresEngine } from './test-engines';

/*
 * A follower tries for the lock once per interval for as long as the leader lives:
 * days. Every attempt must leave the pool as it found it, or the process grows a
 * listener (and a warning: "MaxListenersExceededWarning: 11 error listeners added to
 * [Client]") per interval.
 */
const engine = postgresEngine();

describe.skipIf(engine.skipReason !== null)('AdvisoryLockLeadership as a follower', () => {
  let url: string;
  const pools: pg.Pool[] = [];
  const leases: AdvisoryLockLeadership[] = [];

  beforeAll(async () => {
    url = await engine.create();
  });
  afterAll(async () => {
    for (const lease of leases) await lease.releaseLeadership();
    for (const pool of pools) await pool.end();
    await engine.dispose();
  });

  function pool(): pg.Pool {
    const p = new pg.Pool({ connectionString: url, max: 2 });
    p.on('error', () => {});
    pools.push(p);
    return p;
  }

  test('many failed attempts add no listener and hold no extra connection', async () => {
    const lockKey = 0x13;
    const leader = new AdvisoryLockLeadership(pool());
    leases.push(leader);
    expect(await leader.tryAcquireLeadership(lockKey)).toBe(true);

    const followerPool = pool();
    const follower = new AdvisoryLockLeadership(followerPool);
    leases.push(follower);
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      for (let i = 0; i < 40; i++) expect(await follower.tryAcquireLeadership(lockKey)).toBe(false);
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => /MaxListeners/.test(w))).toEqual([]);
    expect(followerPool.totalCount).toBe(1);
    // The pool hands the same idle client back: its own idle listener is taken off on checkout.
    const client = await followerPool.connect();
    try {
      expect(client.listenerCount('error')).toBe(0);
    } finally {
      client.release();
    }

    await leader.releaseLeadership();
    expect(await follower.tryAcquireLeadership(lockKey)).toBe(true);
    await follower.releaseLeadership();
    const again = await followerPool.connect();
    try {
      expect(again.listenerCount('error')).toBe(0);
    } finally {
      again.release();
    }
  });
});
