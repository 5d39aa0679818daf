import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  CalibrationRepository,
  InvalidCursorError,
  openDatabase,
  THINNING_TIERS,
  type Db,
  type StatusSnapshot,
} from './index';
import { postgresEngine, sqliteEngine, type TestEngine } from './test-engines';

const ENGINES: TestEngine[] = [sqliteEngine(), postgresEngine()];
for (const engine of ENGINES) {
  if (engine.skipReason) console.log(`lib/db repository tests on ${engine.kind} skipped: ${engine.skipReason}`);
}

const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z, a fixed clock start
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const uid = () => randomBytes(4).toString('hex');
const file = (name: string, version: string) => ({
  name,
  version,
  size: 100,
  archiveType: 'tar.gz',
  md5: '',
  url: 'http://x/f',
  timeout: 60,
});
const distribute = { destPath: '/root/installed', decompress: true, timeout: 600 };
const counts = (success: number, disting = 0) => ({
  SUCCESS: success,
  FAILED: 0,
  DISTING: disting,
  POD_RESTARTING: 0,
  DELETED: 0,
});

describe.each(ENGINES)('lib/db repositories on $kind', (engine) => {
  describe.skipIf(engine.skipReason !== null)(engine.kind, () => {
    let url: string;
    let db: Db;
    let now = T0;
    const clock = () => now;

    beforeAll(async () => {
      url = await engine.create();
      db = await openDatabase(url, { clock });
    });
    afterAll(async () => {
      await db?.close();
      await engine.dispose();
    });

    describe('migrations', () => {
      test('run from empty and create every table', async () => {
        const tables = (await db.kysely.introspection.getTables()).map((t) => t.name).sort();
        expect(tables).toEqual(
          expect.arrayContaining([
            'push_files',
            'push_regions',
            'pushes',
            'status_snapshots',
            'watch_targets',
            'ens_calibrations',
          ]),
        );
        expect(db.kind).toBe(engine.kind);
      });

      test('opening the same database again applies nothing and keeps the data', async () => {
        const { push } = await db.pushes.createPending({
          appId: `app-${uid()}`,
          actor: 'ana',
          idempotencyKey: 'k',
          data: [file('f', '1')],
        });
        const applied = async (kysely: typeof db.kysely) =>
          Number(
            (await sql<{ n: number | string }>`select count(*) as n from kysely_migration`.execute(kysely)).rows[0]?.n,
          );
        const before = await applied(db.kysely);
        const again = await openDatabase(url);
        try {
          expect(await again.pushes.get(push.id)).toMatchObject({ id: push.id, state: 'pending' });
          expect(before).toBeGreaterThan(0);
          expect(await applied(again.kysely)).toBe(before);
        } finally {
          await again.close();
        }
      });

      test('calibrations: one row per endpoint, the latest replacing the previous, JSON round-tripped', async () => {
        const repo = new CalibrationRepository(db.kysely);
        const endpoint = `ens-${uid()}.example:443`;
        expect(await repo.get(endpoint)).toBeUndefined();
        await repo.put({ endpoint, dialect: { pageCap: 100 }, report: { notes: ['a'] }, calibratedAt: T0 });
        await repo.put({ endpoint, dialect: { pageCap: 50 }, report: { notes: [] }, calibratedAt: T0 + DAY });
        expect(await repo.get(endpoint)).toEqual({
          endpoint,
          dialect: { pageCap: 50 },
          report: { notes: [] },
          calibratedAt: T0 + DAY,
        });
      });

      // SQLite is one process per file (two in-process connections would block each other's event loop).
      test.runIf(engine.kind === 'postgres')(
        'replicas starting together on an empty database both migrate it',
        async () => {
          const fresh = postgresEngine();
          const freshUrl = await fresh.create();
          try {
            const dbs = await Promise.all([openDatabase(freshUrl), openDatabase(freshUrl), openDatabase(freshUrl)]);
            try {
              // Each migration recorded once, every table there, and each replica sees the others' writes.
              const { rows } = await sql<{
                name: string;
                n: number | string;
              }>`select name, count(*) as n from kysely_migration group by name`.execute(dbs[0]!.kysely);
              expect(rows.length).toBeGreaterThan(0);
              expect(rows.filter((r) => Number(r.n) !== 1)).toEqual([]);
              for (const d of dbs) {
                const tables = (await d.kysely.introspection.getTables()).map((t) => t.name);
                expect(tables).toEqual(
                  expect.arrayContaining(['pushes', 'push_files', 'push_regions', 'status_snapshots', 'watch_targets']),
                );
              }
              const { push } = await dbs[1]!.pushes.createPending({
                appId: `app-${uid()}`,
                actor: 'ana',
                idempotencyKey: 'race',
                data: [file('f', '1')],
              });
              expect(await dbs[2]!.pushes.get(push.id)).toMatchObject({ id: push.id });
            } finally {
              await Promise.all(dbs.map((d) => d.close()));
            }
          } finally {
            await fresh.dispose();
          }
        },
      );
    });

    describe('push audit', () => {
      test('createPending() under 20 concurrent callers with one key creates exactly once', async () => {
        const appId = `app-${uid()}`;
        const input = {
          appId,
          actor: 'ana',
          idempotencyKey: 'double-click',
          data: [file('game', '1.0'), file('assets', '1.0')],
        };
        const results = await Promise.all(Array.from({ length: 20 }, () => db.pushes.createPending(input)));
        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect(new Set(results.map((r) => r.push.id)).size).toBe(1);
        const files = await db.kysely
          .selectFrom('push_files')
          .selectAll()
          .where('push_id', '=', results[0]!.push.id)
          .execute();
        expect(files.map((f) => f.name).sort()).toEqual(['assets', 'game']);
      });

      test('a replay after the answer returns the first outcome, and the key is scoped per app', async () => {
        const appId = `app-${uid()}`;
        const input = {
          appId,
          actor: 'ana',
          idempotencyKey: 'k1',
          data: [file('game', '2.0')],
          strategy: { Policies: [] },
        };
        const first = await db.pushes.createPending(input);
        const resultCodes = [{ name: 'game', version: '2.0', resultCode: 0, resultDescrip: 'success' }];
        await db.pushes.markSent(first.push.id, { requestId: 'REQ-1', resultCodes });
        const replay = await db.pushes.createPending(input);
        expect(replay).toMatchObject({
          created: false,
          push: { id: first.push.id, state: 'sent', requestId: 'REQ-1', resultCodes },
        });
        expect(replay.push.strategy).toEqual({ Policies: [] });
        expect((await db.pushes.createPending({ ...input, appId: `${appId}-other` })).created).toBe(true);
        expect(await db.pushes.getByIdempotencyKey(appId, 'k1')).toMatchObject({ id: first.push.id });
      });

      test('markFailed() records the error; a finished push cannot be finished again', async () => {
        const { push } = await db.pushes.createPending({
          appId: `app-${uid()}`,
          actor: 'bo',
          idempotencyKey: 'k',
          data: [file('f', '1')],
          distribute,
        });
        expect(push).toMatchObject({ kind: 'distribute', distribute, state: 'pending' });
        now += 1000;
        const failed = await db.pushes.markFailed(push.id, {
          message: 'Throttled',
          code: 'Throttling.User',
          requestId: 'REQ-2',
          httpStatus: 400,
        });
        expect(failed).toMatchObject({
          state: 'failed',
          requestId: 'REQ-2',
          error: { code: 'Throttling.User' },
          updatedAt: now,
        });
        expect(await db.pushes.markSent(push.id, { requestId: 'REQ-3', resultCodes: [] })).toBeUndefined();
        expect(await db.pushes.get('p_missing')).toBeUndefined();
      });

      test('markPendingAsUnknown() turns every pending push unknown and returns the count', async () => {
        const appId = `app-${uid()}`;
        const a = await db.pushes.createPending({ appId, actor: 'ana', idempotencyKey: 'a', data: [file('f', '1')] });
        const b = await db.pushes.createPending({ appId, actor: 'ana', idempotencyKey: 'b', data: [file('f', '2')] });
        const c = await db.pushes.createPending({ appId, actor: 'ana', idempotencyKey: 'c', data: [file('f', '3')] });
        await db.pushes.markSent(c.push.id, { requestId: 'REQ', resultCodes: [] });
        const pending = await db.kysely.selectFrom('pushes').select('id').where('state', '=', 'pending').execute();

        expect(await db.pushes.markPendingAsUnknown()).toBe(pending.length);
        expect((await db.pushes.get(a.push.id))?.state).toBe('unknown');
        expect((await db.pushes.get(b.push.id))?.state).toBe('unknown');
        expect((await db.pushes.get(c.push.id))?.state).toBe('sent');
        expect(await db.pushes.markPendingAsUnknown()).toBe(0);
        // A late answer still lands on an unknown row.
        expect(await db.pushes.markSent(a.push.id, { requestId: 'LATE', resultCodes: [] })).toMatchObject({
          state: 'sent',
        });
      });

      test('markPendingAsUnknown({ createdBefore }) leaves pushes still in flight alone', async () => {
        const appId = `app-${uid()}`;
        // Pending rows other tests left behind are settled first, so the count below is this test's own.
        await db.pushes.markPendingAsUnknown();
        now += HOUR;
        const old = await db.pushes.createPending({
          appId,
          actor: 'ana',
          idempotencyKey: 'old',
          data: [file('f', '1')],
        });
        now += MINUTE;
        const fresh = await db.pushes.createPending({
          appId,
          actor: 'ana',
          idempotencyKey: 'fresh',
          data: [file('f', '1')],
        });
        expect(await db.pushes.markPendingAsUnknown({ createdBefore: fresh.push.createdAt })).toBe(1);
        expect((await db.pushes.get(old.push.id))?.state).toBe('unknown');
        expect((await db.pushes.get(fresh.push.id))?.state).toBe('pending');
      });

      describe('list()', () => {
        const appId = `app-${uid()}`;
        const ids: string[] = [];

        beforeAll(async () => {
          // 9 pushes; every third shares a timestamp with its predecessor, so the id tie-break is exercised.
          const specs = [
            ['ana', 'game', '1.0'],
            ['bo', 'game', '1.0'],
            ['ana', 'assets', '7'],
            ['ana', 'game', '1.1'],
            ['cy', 'game', '1.1'],
            ['bo', 'assets', '8'],
            ['ana', 'game', '2.0'],
            ['bo', 'game', '2.0'],
            ['cy', 'assets', '9'],
          ] as const;
          for (const [i, [actor, name, version]] of specs.entries()) {
            if (i % 3 !== 1) now += 1000;
            const data = name === 'assets' ? [file('assets', version), file('game', '1.0')] : [file(name, version)];
            const { push } = await db.pushes.createPending({ appId, actor, idempotencyKey: `k${i}`, data });
            ids.push(push.id);
          }
        });

        test('pages newest first by (createdAt, id) with a cursor, without gaps or repeats', async () => {
          const all = (await db.pushes.list({ appId, limit: 100 })).pushes;
          expect(all).toHaveLength(9);
          for (let i = 1; i < all.length; i++) {
            const [prev, cur] = [all[i - 1]!, all[i]!];
            expect(prev.createdAt > cur.createdAt || (prev.createdAt === cur.createdAt && prev.id > cur.id)).toBe(true);
          }
          const seen: string[] = [];
          let before: string | undefined;
          let pages = 0;
          do {
            const page = await db.pushes.list({ appId, limit: 4, before });
            seen.push(...page.pushes.map((p) => p.id));
            before = page.nextCursor ?? undefined;
            pages++;
            // A push arriving mid-pagination must not shift the later pages.
            if (pages === 1)
              await db.pushes.createPending({
                appId: `${appId}-x`,
                actor: 'ana',
                idempotencyKey: 'late',
                data: [file('game', '1.0')],
              });
          } while (before);
          expect(pages).toBe(3);
          expect(seen).toEqual(all.map((p) => p.id));
          expect(new Set(seen)).toEqual(new Set(ids));
        });

        test.each([
          [{ actor: 'ana' }, 4],
          [{ name: 'game' }, 9], // the assets pushes also carry game 1.0
          [{ name: 'game', version: '1.0' }, 5],
          [{ name: 'assets' }, 3],
          [{ version: '2.0' }, 2],
          [{ name: 'game', version: '1.1', actor: 'cy' }, 1],
          [{ name: 'nope' }, 0],
        ])('filters %o → %i pushes', async (filter, expected) => {
          const page = await db.pushes.list({ appId, limit: 100, ...filter });
          expect(page.pushes).toHaveLength(expected);
          expect(page.nextCursor).toBeNull();
        });

        test('filters combine with the cursor', async () => {
          const first = await db.pushes.list({ appId, name: 'game', version: '1.0', limit: 3 });
          const rest = await db.pushes.list({
            appId,
            name: 'game',
            version: '1.0',
            limit: 3,
            before: first.nextCursor ?? undefined,
          });
          expect(first.pushes).toHaveLength(3);
          expect(rest.pushes).toHaveLength(2);
          expect(rest.nextCursor).toBeNull();
        });

        test('rejects a cursor it did not produce', async () => {
          await expect(db.pushes.list({ appId, before: 'garbage' })).rejects.toBeInstanceOf(InvalidCursorError);
          await expect(
            db.pushes.list({ appId, before: Buffer.from('{"a":1}').toString('base64url') }),
          ).rejects.toBeInstanceOf(InvalidCursorError);
        });
      });
    });

    describe('distribution phases', () => {
      const sentDistributePush = async () => {
        const { push } = await db.pushes.createPending({
          appId: `app-${uid()}`,
          actor: 'ana',
          idempotencyKey: 'k',
          data: [file('f', '1')],
          distribute,
        });
        await db.pushes.markSent(push.id, { requestId: 'REQ', resultCodes: [] });
        return push;
      };

      test('claimRegionForDistribution() succeeds for exactly one of 20 concurrent callers on two instances', async () => {
        const push = await sentDistributePush();
        await db.distributions.upsertRegionPushStatus(push.id, 'cn-chengdu-telecom-4', 'SUCCESS');
        const replica = await openDatabase(url, { clock });
        try {
          const claims = await Promise.all(
            Array.from({ length: 20 }, (_, i) =>
              (i % 2 ? replica : db).distributions.claimRegionForDistribution(push.id, 'cn-chengdu-telecom-4'),
            ),
          );
          expect(claims.filter(Boolean)).toHaveLength(1);
          expect(await replica.distributions.claimRegionForDistribution(push.id, 'cn-chengdu-telecom-4')).toBe(false);
        } finally {
          await replica.close();
        }
        expect(await db.distributions.claimRegionForDistribution(push.id, 'cn-unknown-1')).toBe(false);
      });

      test('regions move waiting → distributing → sent | failed, or waiting → skipped', async () => {
        const push = await sentDistributePush();
        for (const region of ['r-a', 'r-b', 'r-c'])
          await db.distributions.upsertRegionPushStatus(push.id, region, 'PUSHING');
        await db.distributions.upsertRegionPushStatus(push.id, 'r-a', 'SUCCESS');
        await db.distributions.upsertRegionPushStatus(push.id, 'r-b', 'SUCCESS');
        await db.distributions.upsertRegionPushStatus(push.id, 'r-c', 'FAILED');

        expect(
          await db.distributions.markRegionResult(push.id, 'r-a', { state: 'sent', requestId: 'D1', resultCodes: [] }),
        ).toBe(false);
        expect(await db.distributions.claimRegionForDistribution(push.id, 'r-a')).toBe(true);
        expect(
          await db.distributions.markRegionResult(push.id, 'r-a', {
            state: 'sent',
            requestId: 'D1',
            resultCodes: [{ name: 'f', version: '1', resultCode: 0 }],
          }),
        ).toBe(true);
        expect(await db.distributions.claimRegionForDistribution(push.id, 'r-b')).toBe(true);
        expect(
          await db.distributions.markRegionResult(push.id, 'r-b', {
            state: 'failed',
            error: { message: 'boom', requestId: 'D2' },
          }),
        ).toBe(true);
        expect(
          await db.distributions.markRegionResult(push.id, 'r-c', {
            state: 'skipped',
            reason: { message: 'pre-push FAILED' },
          }),
        ).toBe(true);
        // A later sweep reporting the pre-push status again must not reopen a region.
        await db.distributions.upsertRegionPushStatus(push.id, 'r-a', 'SUCCESS');

        expect(await db.distributions.listByPush(push.id)).toMatchObject([
          {
            regionId: 'r-a',
            pushStatus: 'SUCCESS',
            distState: 'sent',
            distRequestId: 'D1',
            distResultCodes: [{ resultCode: 0 }],
          },
          {
            regionId: 'r-b',
            pushStatus: 'SUCCESS',
            distState: 'failed',
            distRequestId: 'D2',
            error: { message: 'boom' },
          },
          { regionId: 'r-c', pushStatus: 'FAILED', distState: 'skipped', error: { message: 'pre-push FAILED' } },
        ]);
      });

      test('listPushesWithUnfinishedDistribution() lists sent distribute pushes until every region is done', async () => {
        const unfinished = async () => (await db.distributions.listPushesWithUnfinishedDistribution()).map((p) => p.id);
        const push = await sentDistributePush();
        const { push: pushOnly } = await db.pushes.createPending({
          appId: `app-${uid()}`,
          actor: 'ana',
          idempotencyKey: 'k',
          data: [file('f', '1')],
        });
        await db.pushes.markSent(pushOnly.id, { requestId: 'REQ', resultCodes: [] });
        const { push: stillPending } = await db.pushes.createPending({
          appId: `app-${uid()}`,
          actor: 'ana',
          idempotencyKey: 'k',
          data: [file('f', '1')],
          distribute,
        });

        expect(await unfinished()).toContain(push.id);
        await db.distributions.upsertRegionPushStatus(push.id, 'r-1', 'PUSHING');
        expect(await unfinished()).toContain(push.id);
        await db.distributions.claimRegionForDistribution(push.id, 'r-1');
        expect(await unfinished()).toContain(push.id);
        await db.distributions.markRegionResult(push.id, 'r-1', { state: 'sent', requestId: 'D', resultCodes: [] });
        const after = await unfinished();
        expect(after).not.toContain(push.id);
        expect(after).not.toContain(pushOnly.id);
        expect(after).not.toContain(stillPending.id);
        const windowed = await db.distributions.listPushesWithUnfinishedDistribution({ createdAfter: now + 1 });
        expect(windowed).toEqual([]);
      });
    });

    describe('status snapshots', () => {
      const snapshot = (
        key: { appId: string; name: string; version: string },
        t: number,
        success = 1,
      ): StatusSnapshot => ({
        ...key,
        t,
        counts: counts(success, 10 - success),
        byRegion: { 'cn-chengdu-telecom-4': counts(success, 10 - success) },
        total: 10,
      });

      test('history() is oldest first from `since`; latest() is the newest', async () => {
        const key = { appId: `app-${uid()}`, name: 'game', version: '1.0' };
        for (const t of [T0 + 3000, T0 + 1000, T0 + 5000, T0 + 2000, T0 + 4000])
          await db.snapshots.insert(snapshot(key, t, (t - T0) / 1000));
        await db.snapshots.insert(snapshot({ ...key, version: '2.0' }, T0 + 9000));

        const history = await db.snapshots.history(key.appId, key.name, key.version, T0 + 2000);
        expect(history.map((s) => s.t)).toEqual([T0 + 2000, T0 + 3000, T0 + 4000, T0 + 5000]);
        expect(history[0]).toEqual(snapshot(key, T0 + 2000, 2));
        expect((await db.snapshots.latest(key.appId, key.name, key.version))?.t).toBe(T0 + 5000);
        expect(await db.snapshots.latest(key.appId, key.name, 'none')).toBeUndefined();
      });

      test('thin() drops expired rows and keeps the latest per minute after 1 h, per 10 minutes after 1 day', async () => {
        const key = { appId: `app-${uid()}`, name: 'game', version: '1.0' };
        const other = { ...key, version: '1.1' };
        const thinNow = T0 + 40 * DAY + 7_777;
        const retention = 30 * DAY;
        const times = [
          ...range(thinNow - 10 * MINUTE, thinNow, 5_000), // last 10 minutes at 5 s: all kept
          ...range(thinNow - 2 * HOUR, thinNow - 2 * HOUR + 3 * MINUTE, 5_000), // 2 h old: ≤ 1 per minute
          ...range(thinNow - 2 * DAY, thinNow - 2 * DAY + HOUR, 20_000), // 2 days old: ≤ 1 per 10 min
          ...range(thinNow - 35 * DAY, thinNow - 35 * DAY + 5 * MINUTE, 30_000), // beyond retention
        ];
        for (const t of times) {
          await db.snapshots.insert(snapshot(key, t));
          await db.snapshots.insert(snapshot(other, t + 1));
        }

        // thin() is global: count the whole table so rows of other tests are accounted for.
        const rowCount = async () =>
          Number(
            (
              await db.kysely
                .selectFrom('status_snapshots')
                .select((eb) => eb.fn.countAll().as('n'))
                .executeTakeFirstOrThrow()
            ).n,
          );
        const before = await rowCount();
        const deleted = await db.snapshots.thin(retention, thinNow);
        const kept = (await db.snapshots.history(key.appId, key.name, key.version, 0)).map((s) => s.t);
        const keptOther = await db.snapshots.history(other.appId, other.name, other.version, 0);

        const expected = expectedAfterThinning(times, retention, thinNow);
        expect(kept).toEqual(expected);
        expect(keptOther).toHaveLength(expected.length);
        expect(deleted).toBe(before - (await rowCount()));
        expect(deleted).toBeGreaterThanOrEqual(2 * (times.length - expected.length));
        expect(kept.filter((t) => t < thinNow - DAY).length).toBeLessThanOrEqual(7);
        expect(await db.snapshots.thin(retention, thinNow)).toBe(0);
      });
    });

    describe('watch targets', () => {
      test('touch() groups reasons per version; expiry removes them one by one', async () => {
        const key = { appId: `app-${uid()}`, name: 'game', version: '1.0' };
        const mine = async () => (await db.watchTargets.listActive()).filter((t) => t.appId === key.appId);
        now = T0 + 100 * DAY;
        await db.watchTargets.touch(key, 'pushed', DAY);
        await db.watchTargets.touch(key, 'viewed', MINUTE);
        expect(await mine()).toEqual([
          { ...key, reasons: ['pushed', 'viewed'], lastRequestedAt: now, expiresAt: now + DAY },
        ]);

        now += 2 * MINUTE;
        expect((await mine())[0]?.reasons).toEqual(['pushed']);
        expect(await db.watchTargets.expire()).toBeGreaterThanOrEqual(1);

        // A shorter touch never shortens an expiry already further away.
        await db.watchTargets.touch(key, 'pushed', MINUTE);
        expect((await mine())[0]).toMatchObject({ expiresAt: T0 + 100 * DAY + DAY, lastRequestedAt: now });

        now += DAY;
        expect(await mine()).toEqual([]);
        expect(await db.watchTargets.expire()).toBeGreaterThanOrEqual(1);
        const rows = await db.kysely.selectFrom('watch_targets').selectAll().where('app_id', '=', key.appId).execute();
        expect(rows).toEqual([]);
      });

      test('remove() stops one reason at once', async () => {
        const key = { appId: `app-${uid()}`, name: 'game', version: '1.0' };
        await db.watchTargets.touch(key, 'pushed', DAY);
        await db.watchTargets.touch(key, 'viewed', DAY);
        await db.watchTargets.remove(key, 'pushed');
        expect((await db.watchTargets.listActive()).find((t) => t.appId === key.appId)?.reasons).toEqual(['viewed']);
      });
    });

    describe('leadership', () => {
      test.runIf(engine.kind === 'sqlite')('is always held by the single process', async () => {
        expect(await db.tryAcquireLeadership(1)).toBe(true);
        expect(await db.isLeader()).toBe(true);
      });

      test.runIf(engine.kind === 'postgres')(
        'two instances: only one acquires; after it closes, the other does',
        async () => {
          const lockKey = randomLockKey();
          const [a, b] = await Promise.all([openDatabase(url), openDatabase(url)]);
          try {
            const acquired = await Promise.all([a.tryAcquireLeadership(lockKey), b.tryAcquireLeadership(lockKey)]);
            expect(acquired.filter(Boolean)).toHaveLength(1);
            const [holder, other] = acquired[0] ? [a, b] : [b, a];
            expect(await holder.isLeader()).toBe(true);
            expect(await holder.tryAcquireLeadership(lockKey)).toBe(true);
            expect(await other.isLeader()).toBe(false);
            expect(await other.tryAcquireLeadership(lockKey)).toBe(false);

            await holder.close();
            expect(await other.tryAcquireLeadership(lockKey)).toBe(true);
            expect(await other.isLeader()).toBe(true);
          } finally {
            await Promise.all([a.close(), b.close()]);
          }
        },
      );

      test.runIf(engine.kind === 'postgres')(
        'a leader whose connection dies notices, and another takes over',
        async () => {
          const lockKey = randomLockKey();
          const [a, b] = await Promise.all([openDatabase(url), openDatabase(url)]);
          try {
            expect(await a.tryAcquireLeadership(lockKey)).toBe(true);
            await terminateLockHolder(url, lockKey);
            expect(await a.isLeader()).toBe(false);
            expect(await b.tryAcquireLeadership(lockKey)).toBe(true);
            expect(await a.tryAcquireLeadership(lockKey)).toBe(false);
          } finally {
            await Promise.all([a.close(), b.close()]);
          }
        },
      );

      test.runIf(engine.kind === 'postgres')('releaseLeadership() hands the lease over without closing', async () => {
        const lockKey = -randomLockKey(); // negative keys are valid bigints too
        const [a, b] = await Promise.all([openDatabase(url), openDatabase(url)]);
        try {
          expect(await a.tryAcquireLeadership(lockKey)).toBe(true);
          await a.releaseLeadership();
          expect(await a.isLeader()).toBe(false);
          expect(await b.tryAcquireLeadership(lockKey)).toBe(true);
          expect(await b.isLeader()).toBe(true);
        } finally {
          await Promise.all([a.close(), b.close()]);
        }
      });
    });
  });
});

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let t = from; t < to; t += step) out.push(t);
  return out;
}

/** Reference model of thin(): retention cut, then each tier keeps the latest per bucket. */
function expectedAfterThinning(times: number[], retention: number, now: number): number[] {
  let kept = times.filter((t) => t >= now - retention);
  for (const { age, bucket } of THINNING_TIERS) {
    const cutoff = now - age;
    const latestPerBucket = new Map<number, number>();
    for (const t of kept)
      if (t < cutoff)
        latestPerBucket.set(Math.floor(t / bucket), Math.max(t, latestPerBucket.get(Math.floor(t / bucket)) ?? -1));
    kept = kept.filter((t) => t >= cutoff || latestPerBucket.get(Math.floor(t / bucket)) === t);
  }
  return kept.sort((a, b) => a - b);
}

function randomLockKey(): number {
  return 1 + Math.floor(Math.random() * 2 ** 40);
}

/**
 * Kills the server session holding the advisory lock, as a network failure or server
 * restart would, and waits (the timeout argument) until it has exited and freed it.
 */
async function terminateLockHolder(url: string, lockKey: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ terminated: boolean }>(
      `select pg_terminate_backend(pid, 10000) as terminated from pg_locks
       where locktype = 'advisory' and granted and ((classid::bigint << 32) | objid::bigint) = $1::bigint`,
      [lockKey],
    );
    expect(rows.map((r) => r.terminated)).toEqual([true]);
  } finally {
    await client.end();
  }
}
