import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { openDatabase, type Db, type Push } from '@/lib/db';
import { postgresEngine, sqliteEngine, type TestEngine } from '@/lib/db/test-engines';
import type { EnsClient } from '@/lib/ens/client';
import type { PushDataItem } from '@/lib/ens/data-files';
import { startSimulator, type RunningSimulator } from '@/lib/simulator';
import { buildFleet } from '@/lib/simulator/fleet';
import { Distributor, prePushByRegion } from './distributor';
import { advanceSimClock, clientFor, simControl, upstreamCalls } from './test-support';

/*
 * Push, then distribute, against the real simulator and a real database: a region is
 * distributed once, only after its pre-push succeeded for every file; a failed
 * pre-push is skipped; concurrent drivers and a restart never distribute twice.
 */

const ENGINES: TestEngine[] = [sqliteEngine(), postgresEngine()];
for (const engine of ENGINES) {
  if (engine.skipReason)
    console.log(`lib/server/watcher distributor tests on ${engine.kind} skipped: ${engine.skipReason}`);
}

const SEED = 'ens-dashboard';
const distribute = { destPath: '/root/installed', decompress: true, timeout: 600 };
const file = (name: string): PushDataItem => ({
  name,
  version: `v-${randomBytes(3).toString('hex')}`,
  size: 1024,
  archiveType: 'tar.gz',
  md5: '',
  url: `https://files.example.com/${name}.tar.gz`,
  timeout: 600,
});

let sim: RunningSimulator;
let client: EnsClient;
let appId: string;
let targets: string[];

beforeAll(async () => {
  sim = await startSimulator({ port: 0, instances: 300, activity: false, seed: SEED });
  client = clientFor(sim);
  const failing = buildFleet({ seed: SEED, instances: 300, apps: 4, anchorMs: Date.now() }).failingRegionId;
  // Every app has instances in the failing node, so a canary with it can catch a failed pre-push.
  const app = (await client.listApplications()).apps[0];
  if (!app) throw new Error('the simulator has no application');
  appId = app.appId;
  const regions = (await client.describeApplication({ appId })).regionIds;
  targets = [failing, ...regions.filter((r) => r !== failing).slice(0, 3)];
});
afterAll(async () => {
  await sim?.close();
});

/** What the push route does: audit row, PushApplicationData, sent, one seeded row per target region. */
async function pushAndDistribute(db: Db, files: PushDataItem[]): Promise<Push> {
  const { push } = await db.pushes.createPending({
    appId,
    actor: 'ana',
    idempotencyKey: randomBytes(6).toString('hex'),
    data: files,
    distribute,
  });
  const answer = await client.pushApplicationData({ appId, data: files, regionIds: targets });
  const sent = await db.pushes.markSent(push.id, { requestId: answer.requestId, resultCodes: answer.results });
  for (const regionId of targets) await db.distributions.upsertRegionPushStatus(push.id, regionId, null);
  return sent!;
}

describe.each(ENGINES)('distributor on $kind', (engine) => {
  describe.skipIf(engine.skipReason !== null)(engine.kind, () => {
    let url: string;
    let db: Db;

    beforeAll(async () => {
      url = await engine.create();
      db = await openDatabase(url);
    });
    afterAll(async () => {
      await db?.close();
      await engine.dispose();
    });
    beforeEach(async () => {
      await simControl(sim, 'reset', {});
    });

    test('distributes each region once after its pre-push succeeded, skips failed ones, and never twice', async () => {
      // Eight files to the failing node (25 % of its pushes fail): at least one fails there.
      const files = Array.from({ length: 8 }, (_, i) => file(`asset-${i}`));
      const push = await pushAndDistribute(db, files);

      // Pre-pushes take 20 s or more: nothing may be distributed yet.
      const early = await new Distributor({ db, client }).run();
      expect(early).toMatchObject({ pushes: 1, distributed: 0, skipped: 0 });
      expect(await upstreamCalls(sim, 'DistApplicationData')).toBe(0);
      expect((await db.distributions.listByPush(push.id)).map((r) => [r.pushStatus, r.distState])).toEqual(
        targets.map(() => ['PUSHING', 'waiting']),
      );

      await advanceSimClock(sim, 3600);
      const truth = prePushByRegion(
        push,
        (await client.describeDataPushResult({ appId, dataNames: files.map((f) => f.name) })).rows,
      );
      const succeeded = targets.filter((r) => truth.get(r)?.status === 'SUCCESS');
      const failed = targets.filter((r) => truth.get(r)?.status === 'FAILED');
      expect(failed.length).toBeGreaterThan(0);
      expect(succeeded.length + failed.length).toBe(targets.length);

      // Two drivers at once (two replicas, or a tick racing a restart) share one database.
      const other = engine.kind === 'postgres' ? await openDatabase(url) : db;
      try {
        const reports = await Promise.all([
          new Distributor({ db, client }).run(),
          new Distributor({ db: other, client }).run(),
        ]);
        expect(reports.reduce((n, r) => n + r.distributed, 0)).toBe(succeeded.length);
        expect(reports.reduce((n, r) => n + r.skipped, 0)).toBe(failed.length);
      } finally {
        if (other !== db) await other.close();
      }
      expect(await upstreamCalls(sim, 'DistApplicationData')).toBe(succeeded.length);

      const regions = await db.distributions.listByPush(push.id);
      for (const region of regions) {
        if (succeeded.includes(region.regionId)) {
          expect(region).toMatchObject({ pushStatus: 'SUCCESS', distState: 'sent' });
          expect(region.distResultCodes?.map((c) => c.name).sort()).toEqual(files.map((f) => f.name).sort());
        } else {
          expect(region).toMatchObject({ pushStatus: 'FAILED', distState: 'skipped' });
          expect(region.error?.message).toMatch(/pre-push to .* failed/);
        }
      }

      // Each region whose pre-push failed is notified once (push.failed), however many drivers ran.
      const notes = await db.kysely
        .selectFrom('notification_outbox')
        .select(['type', 'payload'])
        .where('type', '=', 'push.failed')
        .execute();
      const notified = notes
        .map((n) => JSON.parse(n.payload) as { push: { id: string; regionId: string; phase: string }; text: string })
        .filter((n) => n.push.id === push.id);
      expect(notified.map((n) => n.push.regionId).sort()).toEqual([...failed].sort());
      expect(notified.every((n) => n.push.phase === 'push' && /failed at ENS: the pre-push failed/.test(n.text))).toBe(
        true,
      );

      // The distribution reached the succeeded regions' instances, and only those.
      const rowsIn = async (regionId: string) =>
        (
          await client.describeDataDistResult({
            appId,
            dataNames: [files[0]!.name],
            dataVersions: [files[0]!.version],
            ensRegionIds: [regionId],
          })
        ).rows.length;
      for (const regionId of succeeded)
        expect({ regionId, rows: (await rowsIn(regionId)) > 0 }).toEqual({ regionId, rows: true });
      for (const regionId of failed) expect({ regionId, rows: await rowsIn(regionId) }).toEqual({ regionId, rows: 0 });
      const all = await client.describeDataDistResult({
        appId,
        dataNames: [files[0]!.name],
        dataVersions: [files[0]!.version],
      });
      const inSucceeded = (await Promise.all(succeeded.map(rowsIn))).reduce((n, c) => n + c, 0);
      expect(all.rows.length).toBe(inSucceeded);

      // A restart: a new process on the same database finds nothing left to do.
      const reopened = await openDatabase(url);
      try {
        expect(await reopened.distributions.listPushesWithUnfinishedDistribution()).toEqual([]);
        expect((await new Distributor({ db: reopened, client }).run()).pushes).toBe(0);
      } finally {
        await reopened.close();
      }
      expect(await upstreamCalls(sim, 'DistApplicationData')).toBe(succeeded.length);

      // The pushed versions are watched, so the watcher sweeps the rollout.
      const watched = await db.watchTargets.listActive();
      expect(
        watched
          .filter((t) => t.reasons.includes('pushed'))
          .map((t) => t.name)
          .sort(),
      ).toEqual(expect.arrayContaining(files.map((f) => f.name).sort()));
    });

    test('a region already claimed before a crash is left alone', async () => {
      const files = [file('game')];
      const push = await pushAndDistribute(db, files);
      const [claimed] = targets;
      expect(await db.distributions.claimRegionForDistribution(push.id, claimed!)).toBe(true);
      await advanceSimClock(sim, 3600);
      const before = await upstreamCalls(sim, 'DistApplicationData');
      await new Distributor({ db, client }).run();
      const regions = await db.distributions.listByPush(push.id);
      expect(regions.find((r) => r.regionId === claimed)?.distState).toBe('distributing');
      const closed = regions.filter((r) => r.regionId !== claimed && r.distState === 'sent').length;
      expect(await upstreamCalls(sim, 'DistApplicationData')).toBe(before + closed);
    });
  });
});

describe('prePushByRegion()', () => {
  const row = (name: string, regionId: string, status: 'SUCCESS' | 'FAILED' | 'PUSHING', statusDescrip = '') => ({
    name,
    version: '1',
    regionId,
    status,
    statusDescrip,
    startTime: '',
    updateTime: '',
  });
  const push = {
    data: [
      { name: 'a', version: '1' },
      { name: 'b', version: '1' },
    ],
  };

  test.each([
    ['every file SUCCESS', [row('a', 'r', 'SUCCESS'), row('b', 'r', 'SUCCESS')], { status: 'SUCCESS' }],
    ['one file missing', [row('a', 'r', 'SUCCESS')], { status: 'PUSHING' }],
    ['one file PUSHING', [row('a', 'r', 'SUCCESS'), row('b', 'r', 'PUSHING')], { status: 'PUSHING' }],
    [
      'one file FAILED',
      [row('a', 'r', 'PUSHING'), row('b', 'r', 'FAILED', 'md5 checksum mismatch')],
      { status: 'FAILED', reason: 'md5 checksum mismatch' },
    ],
    [
      'another file of the app is ignored',
      [row('a', 'r', 'SUCCESS'), row('b', 'r', 'SUCCESS'), row('c', 'r', 'FAILED')],
      { status: 'SUCCESS' },
    ],
  ])('%s', (_title, rows, expected) => {
    expect(prePushByRegion(push, rows).get('r')).toEqual(expected);
  });
});
