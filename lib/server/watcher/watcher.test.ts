import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { openDatabase, type Db, type VersionKey } from '@/lib/db';
import { postgresEngine, sqliteEngine, type TestEngine } from '@/lib/db/test-engines';
import type { EnsClient } from '@/lib/ens/client';
import { startSimulator, type RunningSimulator } from '@/lib/simulator';
import { inFlightOf } from '@/lib/domain/status';
import { aggregateRows, sameCounts } from './aggregate';
import { createBackgroundWork } from './background';
import { Distributor } from './distributor';
import { WatchRegistry } from './registry';
import {
  advanceSimClock,
  clientFor,
  appWithRolloutInFlight,
  findVersions,
  simControl,
  upstreamCalls,
  versionLoader,
} from './test-support';
import { Watcher } from './watcher';

/*
 * The watcher against the real simulator over HTTP and a real database (SQLite, and
 * PostgreSQL when TEST_DATABASE_URL is set). Simulated time is moved with /__sim/clock.
 */

const ENGINES: TestEngine[] = [sqliteEngine(), postgresEngine()];
for (const engine of ENGINES) {
  if (engine.skipReason) console.log(`lib/server/watcher  tests on ${engine.kind} skipped: ${engine.skipReason}`);
}

let sim: RunningSimulator;
let client: EnsClient;
let appId: string;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, instances: 400, activity: false });
  client = clientFor(sim);
  appId = await appWithRolloutInFlight(client);
});
afterAll(async () => {
  await sim?.close();
});

describe.each(ENGINES)('watcher on $kind', (engine) => {
  describe.skipIf(engine.skipReason !== null)(engine.kind, () => {
    let db: Db;
    let registry: WatchRegistry;
    let inFlight: VersionKey;

    beforeAll(async () => {
      db = await openDatabase(await engine.create());
    });
    afterAll(async () => {
      await db?.close();
      await engine.dispose();
    });
    beforeEach(async () => {
      await simControl(sim, 'reset', {});
      await db.kysely.deleteFrom('status_snapshots').execute();
      await db.kysely.deleteFrom('watch_targets').execute();
      registry = new WatchRegistry();
      const versions = await findVersions(client, appId);
      if (!versions.inFlight) throw new Error('the seeded rollout in flight is missing');
      inFlight = versions.inFlight;
    });

    const watcher = () => new Watcher({ db, registry, load: versionLoader(client) });

    test('sweep() writes a snapshot when the counts change and none when they do not', async () => {
      await db.watchTargets.touch(inFlight, 'viewed', 60_000);
      const w = watcher();

      expect((await w.sweep()).snapshots).toBe(1);
      const first = registry.get(inFlight);
      expect(first && inFlightOf(first.aggregate.counts) > 0).toBe(true);

      // Two simulated days: the rollout has finished and restarted pods are back.
      await advanceSimClock(sim, 2 * 24 * 3600);
      expect((await w.sweep()).snapshots).toBe(1);
      const settled = registry.get(inFlight);
      expect(settled && sameCounts(settled.aggregate, first!.aggregate)).toBe(false);
      expect(settled!.aggregate.counts.DISTING).toBe(0);

      expect((await w.sweep()).snapshots).toBe(0);
      expect((await w.sweep()).snapshots).toBe(0);

      const history = await db.snapshots.history(inFlight.appId, inFlight.name, inFlight.version, 0);
      expect(history.map((s) => s.counts)).toEqual([first!.aggregate.counts, settled!.aggregate.counts]);
      expect(history[0]!.t).toBeLessThan(history[1]!.t);
      expect(history[1]!.byRegion).toEqual(settled!.aggregate.byRegion);
    });

    test('a new watcher on the same database does not repeat the last snapshot', async () => {
      await db.watchTargets.touch(inFlight, 'viewed', 60_000);
      await advanceSimClock(sim, 2 * 24 * 3600);
      expect((await watcher().sweep()).snapshots).toBe(1);
      // A restart or a takeover: fresh memory, same stored history.
      expect((await watcher().sweep()).snapshots).toBe(0);
    });

    test('an in-flight version gets a heartbeat snapshot once a minute even without change', async () => {
      await db.watchTargets.touch(inFlight, 'viewed', 60_000);
      let now = Date.now();
      const w = new Watcher({ db, registry, load: versionLoader(client), now: () => now });
      expect((await w.sweep()).snapshots).toBe(1);
      now += 61_000;
      expect((await w.sweep()).snapshots).toBe(1);
      expect(await db.snapshots.history(inFlight.appId, inFlight.name, inFlight.version, 0)).toHaveLength(2);
    });

    test('the registry holds the aggregate of the rows ENS returned', async () => {
      await db.watchTargets.touch(inFlight, 'viewed', 60_000);
      await watcher().sweep();
      const state = registry.get(inFlight)!;
      expect(state.aggregate).toEqual(aggregateRows(inFlight.name, inFlight.version, state.rows));
      expect(state.aggregate.total).toBeGreaterThan(0);
      expect(Object.keys(state.aggregate.byRegion).length).toBeGreaterThan(1);
    });

    test('a version larger than the rows-per-interval budget is swept every few intervals, and served meanwhile', async () => {
      await db.watchTargets.touch(inFlight, 'viewed', 60_000);
      const w = new Watcher({ db, registry, load: versionLoader(client), rowsPerInterval: 40 });
      expect((await w.sweep()).swept).toBe(1);
      const state = registry.get(inFlight)!;
      const every = Math.ceil(state.rows.length / 40);
      expect(every).toBeGreaterThan(1);
      expect(state.every).toBe(every);

      const before = await upstreamCalls(sim, 'DescribeDataDistResult');
      for (let skipped = 1; skipped < every; skipped++) expect((await w.sweep()).swept).toBe(0);
      expect(await upstreamCalls(sim, 'DescribeDataDistResult')).toBe(before);
      expect((await w.sweep()).swept).toBe(1);
      expect(await upstreamCalls(sim, 'DescribeDataDistResult')).toBeGreaterThan(before);

      // Served until the next sweep, which may take as long to read, is an interval overdue.
      const interval = 5_000;
      const latest = registry.get(inFlight)!;
      const readMs = latest.readMs ?? -1;
      expect(readMs).toBeGreaterThanOrEqual(0);
      expect(registry.fresh(inFlight, latest.fetchedAt + every * interval + readMs, interval)).toBe(latest);
      expect(registry.fresh(inFlight, latest.fetchedAt + (every + 1) * interval + readMs, interval)).toBeUndefined();
    });

    describe('the settled cadence (interval 5 s)', () => {
      const interval = 5_000;
      // A version of its own, pushed and never distributed (as most of a day's pushes
      // are): nothing in it can move unless someone acts.
      let quiet: VersionKey;
      beforeEach(() => {
        quiet = { appId, name: 'quiet.tar.gz', version: `v-${Date.now()}-${Math.random().toString(36).slice(2)}` };
      });
      const sweepsUntilRead = async (w: Watcher, limit: number) => {
        for (let n = 1; n <= limit; n++) if ((await w.sweep()).swept === 1) return n;
        return Infinity;
      };

      test('a settled version nobody views is read every minute, then less often while it stays unchanged', async () => {
        await db.watchTargets.touch(quiet, 'pushed', 3600_000);
        const w = new Watcher({ db, registry, load: versionLoader(client), intervalMs: interval });
        expect((await w.sweep()).swept).toBe(1);
        expect(inFlightOf(registry.get(quiet)!.aggregate.counts)).toBe(0);
        // Served meanwhile: the registry says how long the read stands for.
        expect(registry.get(quiet)!.every).toBe(12);

        const before = await upstreamCalls(sim, 'DescribeDataDistResult');
        expect(await sweepsUntilRead(w, 30)).toBe(12);
        expect(await upstreamCalls(sim, 'DescribeDataDistResult')).toBeGreaterThan(before);
        expect(registry.get(quiet)!.every).toBe(24);
        expect(await sweepsUntilRead(w, 30)).toBe(24);
        expect(registry.get(quiet)!.every).toBe(48);
        expect(await sweepsUntilRead(w, 60)).toBe(48);
        // At most every five minutes.
        expect(registry.get(quiet)!.every).toBe(60);
      });

      test('a watch touch after the last read (a push, a distribution, a first view) wakes it at once', async () => {
        await db.watchTargets.touch(quiet, 'pushed', 3600_000);
        const w = new Watcher({ db, registry, load: versionLoader(client), intervalMs: interval });
        await w.sweep();
        expect((await w.sweep()).swept).toBe(0);
        await db.watchTargets.touch(quiet, 'pushed', 3600_000);
        expect((await w.sweep()).swept).toBe(1);
        // Woken once: settled again afterwards.
        expect((await w.sweep()).swept).toBe(0);
      });

      test('a viewed version, one a rollout judges, and one in flight are read every interval', async () => {
        await db.watchTargets.touch(quiet, 'viewed', 3600_000);
        const viewed = new Watcher({ db, registry, load: versionLoader(client), intervalMs: interval });
        for (let i = 0; i < 3; i++) expect((await viewed.sweep()).swept).toBe(1);

        await db.watchTargets.remove(quiet, 'viewed');
        await db.watchTargets.touch(quiet, 'pushed', 3600_000);
        const judged = new Watcher({
          db,
          registry,
          load: versionLoader(client),
          intervalMs: interval,
          busy: async () => [quiet],
        });
        for (let i = 0; i < 3; i++) expect((await judged.sweep()).swept).toBe(1);

        await db.watchTargets.remove(quiet, 'pushed');
        await db.watchTargets.touch(inFlight, 'pushed', 3600_000);
        const moving = new Watcher({ db, registry, load: versionLoader(client), intervalMs: interval });
        for (let i = 0; i < 3; i++) expect((await moving.sweep()).swept).toBe(1);
      });

      test('a change made outside the dashboard is caught at the next slow read, and the version is read every interval again', async () => {
        await db.watchTargets.touch(quiet, 'pushed', 3600_000);
        const w = new Watcher({ db, registry, load: versionLoader(client), intervalMs: interval });
        await w.sweep();
        const before = registry.get(quiet)!.aggregate.counts;
        // Someone pushes and distributes it from the ENS console.
        const data = {
          name: quiet.name,
          version: quiet.version,
          size: 1024,
          archiveType: 'tar.gz' as const,
          md5: '',
          url: 'https://files.example.com/quiet.tar.gz',
          timeout: 600,
        };
        await client.pushApplicationData({ appId, data: [data] });
        await advanceSimClock(sim, 900);
        await client.distApplicationData({
          appId,
          data: [
            { name: quiet.name, version: quiet.version, destPath: '/root/installed', decompress: true, timeout: 600 },
          ],
        });
        expect(await sweepsUntilRead(w, 30)).toBe(12);
        const after = registry.get(quiet)!.aggregate.counts;
        expect(after).not.toEqual(before);
        expect(inFlightOf(after)).toBeGreaterThan(0);
        expect((await w.sweep()).swept).toBe(1);
      });
    });

    test('expired targets are no longer swept nor served', async () => {
      await db.watchTargets.touch(inFlight, 'viewed', 60_000);
      const w = watcher();
      await w.sweep();
      expect(registry.get(inFlight)).toBeDefined();
      await db.watchTargets.remove(inFlight, 'viewed');
      const before = await upstreamCalls(sim, 'DescribeDataDistResult');
      expect((await w.sweep()).targets).toBe(0);
      expect(await upstreamCalls(sim, 'DescribeDataDistResult')).toBe(before);
      expect(registry.get(inFlight)).toBeUndefined();
    });

    test('the background loop backs off while ENS throttles and recovers after', async () => {
      await db.watchTargets.touch(inFlight, 'viewed', 60_000);
      const work = createBackgroundWork({
        db,
        intervalMs: 1_000,
        maxIntervalMs: 4_000,
        retentionMs: 30 * 24 * 3600_000,
        // A short read deadline: each throttled sweep gives up after a retry or two.
        // Its circuit opens under the throttling and probes again 100 ms after it opened.
        watcher: new Watcher({
          db,
          registry,
          load: versionLoader(clientFor(sim, { readDeadlineMs: 300, circuit: { openMs: 100 } })),
        }),
        distributor: new Distributor({ db, client }),
      });
      try {
        await simControl(sim, 'faults', { throttleRate: 1 });
        const intervals: number[] = [];
        for (let i = 0; i < 4; i++) {
          const report = await work.tick();
          if (report.ran && report.leader) intervals.push(report.nextIntervalMs);
        }
        expect(intervals).toEqual([2_000, 4_000, 4_000, 4_000]);
        await simControl(sim, 'faults', {});
        // The circuit probes again 100 ms after it opened; once the probe closes it, the
        // ticks are back to the interval, without a restart.
        let report = await work.tick();
        for (let i = 0; i < 10 && !(report.ran && report.leader && report.nextIntervalMs === 1_000); i++) {
          await new Promise((resolve) => setTimeout(resolve, 120));
          report = await work.tick();
        }
        expect(report.ran && report.leader && report.nextIntervalMs).toBe(1_000);
      } finally {
        await simControl(sim, 'faults', {});
        await work.stop();
      }
    });

    test('ticks never overlap', async () => {
      await db.watchTargets.touch(inFlight, 'viewed', 60_000);
      const work = createBackgroundWork({
        db,
        intervalMs: 1_000,
        retentionMs: 30 * 24 * 3600_000,
        watcher: watcher(),
        distributor: new Distributor({ db, client }),
      });
      try {
        const [a, b] = await Promise.all([work.tick(), work.tick()]);
        expect(a.ran).toBe(true);
        expect(b).toEqual({ ran: false, reason: 'overlap' });
      } finally {
        await work.stop();
      }
    });
  });
});
