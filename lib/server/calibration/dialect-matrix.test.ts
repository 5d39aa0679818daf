import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase, type Db, type VersionKey } from '@/lib/db';
import { calibrate } from '@/lib/ens/calibration';
import { completenessOf } from '@/lib/ens/completeness';
import { UNKNOWN_DIALECT, type EnsDialect } from '@/lib/ens/dialect';
import { fetchAllDistribution } from '@/lib/ens/fetch-all';
import { countAllVersions, countOneVersion } from '@/lib/ens/status-counts';
import { readVersionRowsFrom } from '@/lib/server/reads/version-rows';
import type { RunningSimulator } from '@/lib/simulator';
import { clientFor } from '@/lib/server/watcher/test-support';
import { Watcher } from '@/lib/server/watcher/watcher';
import { countsByVersion, MATRIX, matrixTruth, startDialectSim, type TruthRow } from '../testing/dialect-sims';

/*
 * The read path and the watcher under every dialect the simulator speaks: calibration
 * names the dialect, and what is read equals the simulator's own truth for the same seed
 * and clock, with or without calibration.
 */

const truth = matrixTruth();
const keyOf = (r: { name: string; version: string; instanceId: string }) => `${r.name}|${r.version}|${r.instanceId}`;
const asMap = (rows: readonly (TruthRow | { name: string; version: string; instanceId: string; status: string })[]) =>
  new Map(rows.map((r) => [keyOf(r), r.status]));

describe.each(MATRIX)('dialect: $name', ({ options, expected }) => {
  let sim: RunningSimulator;
  let dialect: EnsDialect;
  let db: Db;

  beforeAll(async () => {
    sim = await startDialectSim(options);
    db = await openDatabase(':memory:');
  });
  afterAll(async () => {
    await db?.close();
    await sim?.close();
  });

  test('calibration identifies the dialect', async () => {
    const report = await calibrate(clientFor(sim), { probeSize: 1_000, appIds: truth.appIds });
    dialect = report.dialect;
    expect(dialect).toMatchObject(expected);
    expect(report.timeSkewSeen).toBe(options.timeSkew === true);
  });

  test.each([
    ['calibrated', () => dialect],
    ['not calibrated', () => UNKNOWN_DIALECT],
  ])('every application read whole (%s) equals the truth and is marked complete', async (_label, current) => {
    for (const appId of truth.appIds) {
      const all = await fetchAllDistribution(clientFor(sim), { appId }, { pageSize: 1_000, dialect: current() });
      expect(all.complete).toBe(true);
      expect(asMap(all.rows)).toEqual(asMap(truth.rows.get(appId) ?? []));
    }
  });

  test('every version read (as the version page and the watcher read it) counts what the truth counts', async () => {
    const appId = truth.appIds[0] as string;
    const expectedCounts = countsByVersion(truth.rows.get(appId) ?? []);
    for (const [id, want] of expectedCounts) {
      const [name, version] = id.split('@') as [string, string];
      const rows = await readVersionRowsFrom(clientFor(sim), { appId, name, version }, undefined, {
        pageSize: 1_000,
        dialect,
      });
      expect(completenessOf(rows)).toEqual({ complete: true });
      expect(countsByVersion(rows).get(id)).toEqual(want);
    }
  });

  test('cheap counts, where InstanceCount is a total, equal the truth; elsewhere they are not used', async () => {
    const appId = truth.appIds[0] as string;
    const want = countsByVersion(truth.rows.get(appId) ?? []);
    const counted = await countAllVersions(clientFor(sim), appId, dialect);
    if (expected.instanceCountScope !== 'total') {
      expect(counted).toBeNull();
      return;
    }
    expect(counted).not.toBeNull();
    expect(
      new Map(counted!.versions.map((v) => [`${v.name}@${v.version}`, { total: v.total, counts: v.counts }])),
    ).toEqual(want);
    // One call per version, against pages of up to 1,000 rows.
    expect(counted!.calls).toBe(want.size + 1);
    const [name, version] = [...want.keys()][0]!.split('@') as [string, string];
    expect((await countOneVersion(clientFor(sim), { appId, name, version }, dialect))?.counts).toEqual(
      want.get(`${name}@${version}`)?.counts,
    );
  });

  test('the watcher snapshots what the truth counts', async () => {
    const appId = truth.appIds[0] as string;
    const want = countsByVersion(truth.rows.get(appId) ?? []);
    const keys: VersionKey[] = [...want.keys()].map((id) => {
      const [name, version] = id.split('@') as [string, string];
      return { appId, name, version };
    });
    for (const key of keys) await db.watchTargets.touch(key, 'viewed', 60_000);
    const client = clientFor(sim);
    const watcher = new Watcher({
      db,
      load: (key) => readVersionRowsFrom(client, key, undefined, { pageSize: 1_000, dialect }),
    });
    const report = await watcher.sweep();
    expect(report.errors).toEqual([]);
    for (const key of keys) {
      const snapshot = await db.snapshots.latest(key.appId, key.name, key.version);
      expect(snapshot ? { total: snapshot.total, counts: snapshot.counts } : null).toEqual(
        want.get(`${key.name}@${key.version}`),
      );
    }
  });
});

describe('a silent page cap never passes for a complete answer', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startDialectSim({ pageSizeCap: 100, pageSizeCapMode: 'silent', totalCountUnit: 'results' });
  });
  afterAll(async () => {
    await sim?.close();
  });

  test('even under a stale calibration claiming no cap, every row is read', async () => {
    const stale: EnsDialect = {
      pageCap: null,
      pageCapMode: 'none',
      honouredUpTo: 1_000,
      totalCountUnit: 'results',
      instanceCountScope: 'page',
    };
    const appId = truth.appIds[0] as string;
    const all = await fetchAllDistribution(clientFor(sim), { appId }, { pageSize: 1_000, dialect: stale });
    expect(all.rows.length).toBe(truth.rows.get(appId)?.length);
    expect(all.complete).toBe(true);
    expect(all.capFound).toEqual({ size: 100, mode: 'silent' });
  });

  test.each([
    [
      'the last page loses a row, TotalCount in rows tells',
      'last',
      { ...UNKNOWN_DIALECT, totalCountUnit: 'rows' } as EnsDialect,
      /of the \d+ rows ENS counts were read/,
    ],
    [
      'a middle page loses a row, later pages tell, whatever TotalCount counts',
      'middle',
      UNKNOWN_DIALECT,
      /page 2 came back short while page \d+ held rows/,
    ],
  ])(
    'rows that go missing are served marked incomplete, with the reason: %s',
    async (_label, where, dialect, reason) => {
      const rowsSim = await startDialectSim({});
      try {
        const client = clientFor(rowsSim);
        // An upstream that loses one row of one page (as rows shifting mid-read would).
        const lossy = {
          ...client,
          describeDataDistResult: async (input: Parameters<typeof client.describeDataDistResult>[0]) => {
            const answer = await client.describeDataDistResult(input);
            const short = answer.rows.length > 0 && answer.rows.length < (input.pageSize ?? 0);
            const hit = where === 'last' ? short : input.pageNumber === 2;
            return hit ? { ...answer, rows: answer.rows.slice(1) } : answer;
          },
        };
        const appId = truth.appIds[0] as string;
        const all = await fetchAllDistribution(lossy, { appId }, { pageSize: 100, dialect });
        expect(all.complete).toBe(false);
        expect(all.incompleteReason).toMatch(reason);
      } finally {
        await rowsSim.close();
      }
    },
  );
});
