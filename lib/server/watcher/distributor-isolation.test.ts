import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase, type Db, type Push } from '@/lib/db';
import { sqliteEngine } from '@/lib/db/test-engines';
import type { EnsClient } from '@/lib/ens/client';
import { startSimulator, type RunningSimulator } from '@/lib/simulator';
import { Distributor } from './distributor';
import { advanceSimClock, clientFor, simControl, upstreamCalls } from './test-support';

/*
 * One push that can never be driven (a file name ENS cannot list, or ENS refusing the
 * read outright) fails its own regions with the reason, once, and does not hold up
 * other pushes: the next ticks neither call ENS for it nor log it again.
 */

const distribute = { destPath: '/root/installed', decompress: true, timeout: 600 };
const engine = sqliteEngine();
let sim: RunningSimulator;
let client: EnsClient;
let db: Db;
let appId: string;
let regions: string[];
const warnings: string[] = [];
const log = { info: () => {}, warn: (m: string) => warnings.push(m) };

beforeAll(async () => {
  sim = await startSimulator({ port: 0, instances: 200, activity: false, seed: 'distributor-isolation' });
  client = clientFor(sim);
  appId = (await client.listApplications()).apps[0]!.appId;
  regions = (await client.describeApplication({ appId })).regionIds.slice(0, 2);
  db = await openDatabase(await engine.create());
});
afterAll(async () => {
  await db?.close();
  await engine.dispose();
  await sim?.close();
});

const file = (name: string) => ({
  name,
  version: `v-${randomBytes(3).toString('hex')}`,
  size: 10,
  archiveType: 'tar.gz' as const,
  md5: '',
  url: `https://files.example.com/${name}`,
  timeout: 600,
});

/** A sent push-and-distribute as the push route records it, written straight to the database (as one from before the field rules would be). */
async function recordedPush(app: string, files: ReturnType<typeof file>[], send: boolean): Promise<Push> {
  const { push } = await db.pushes.createPending({
    appId: app,
    actor: 'ana',
    idempotencyKey: randomBytes(6).toString('hex'),
    data: files,
    distribute,
  });
  if (send) await client.pushApplicationData({ appId: app, data: files, regionIds: regions });
  await db.pushes.markSent(push.id, { requestId: 'R', resultCodes: [] });
  for (const regionId of regions) await db.distributions.upsertRegionPushStatus(push.id, regionId, null);
  return push;
}

describe('the distributor isolates a push that can never be driven', () => {
  test('a file named with a comma fails that push only, with the reason, and is not retried', async () => {
    await simControl(sim, 'reset', {});
    const bad = await recordedPush(appId, [file('fine.tar.gz'), file('a,b')], false);
    const good = await recordedPush(appId, [file('ok.tar.gz')], true);
    await advanceSimClock(sim, 3600);

    const first = await new Distributor({ db, client, log }).run();
    expect(first.distributed).toBe(regions.length);
    const badRegions = await db.distributions.listByPush(bad.id);
    expect(badRegions.map((r) => r.distState)).toEqual(regions.map(() => 'failed'));
    expect(badRegions[0]!.error?.message).toContain('a,b');
    expect(badRegions[0]!.error?.message).toContain('comma');
    expect((await db.distributions.listByPush(good.id)).map((r) => r.distState)).toEqual(regions.map(() => 'sent'));

    // Nothing is left to drive: further ticks ask ENS nothing and log nothing.
    const reads = await upstreamCalls(sim, 'DescribeDataPushResult');
    const logged = warnings.length;
    for (let i = 0; i < 3; i++) expect((await new Distributor({ db, client, log }).run()).pushes).toBe(0);
    expect(await upstreamCalls(sim, 'DescribeDataPushResult')).toBe(reads);
    expect(warnings.length).toBe(logged);
  });

  test('a read ENS refuses outright (unknown application) fails that push once, and the others go on', async () => {
    await simControl(sim, 'reset', {});
    const refused = await recordedPush('no-such-app-0000', [file('x.tar.gz')], false);
    const good = await recordedPush(appId, [file('y.tar.gz')], true);
    await advanceSimClock(sim, 3600);

    const first = await new Distributor({ db, client, log }).run();
    expect(first.errors.length).toBe(1);
    const refusedRegions = await db.distributions.listByPush(refused.id);
    expect(refusedRegions.map((r) => r.distState)).toEqual(regions.map(() => 'failed'));
    expect(refusedRegions[0]!.error?.code).toMatch(/InvalidParameter/);
    expect((await db.distributions.listByPush(good.id)).map((r) => r.distState)).toEqual(regions.map(() => 'sent'));

    const reads = await upstreamCalls(sim, 'DescribeDataPushResult');
    expect((await new Distributor({ db, client, log }).run()).pushes).toBe(0);
    expect(await upstreamCalls(sim, 'DescribeDataPushResult')).toBe(reads);
  });

  test('a transient failure (ENS answering 503) leaves the regions waiting for the next tick', async () => {
    await simControl(sim, 'reset', {});
    const push = await recordedPush(appId, [file('z.tar.gz')], true);
    await advanceSimClock(sim, 3600);
    await simControl(sim, 'faults', { errorRate: 1 });
    try {
      const report = await new Distributor({ db, client: clientFor(sim, { readDeadlineMs: 300 }), log }).run();
      expect(report.backoff).toBe(true);
      expect((await db.distributions.listByPush(push.id)).map((r) => r.distState)).toEqual(
        regions.map(() => 'waiting'),
      );
    } finally {
      await simControl(sim, 'faults', {});
    }
    await new Distributor({ db, client, log }).run();
    expect((await db.distributions.listByPush(push.id)).map((r) => r.distState)).toEqual(regions.map(() => 'sent'));
  });
});
