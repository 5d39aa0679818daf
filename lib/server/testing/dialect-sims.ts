/*
 * Test support, not a test: simulators speaking each dialect over HTTP, all on the same
 * seed and the same fixed clock, and the truth they serve, taken from a default-reading
 * store of that seed and clock. So whatever a dialect does to paging and counts, what the
 * dashboard reads must equal the truth exactly.
 */
import { generateAccessKey } from '@/lib/simulator/access-key';
import { createClock } from '@/lib/simulator/clock';
import { dialectFrom, type DialectOptions } from '@/lib/simulator/dialect';
import { serveSimulator } from '@/lib/simulator/rpc-server';
import { createSimStore } from '@/lib/simulator/store';
import type { RunningSimulator, StoreOptions } from '@/lib/simulator/types';
import type { EnsDialect } from '@/lib/ens/dialect';

/** 2024-05-20T08:00:00Z. */
const T0 = Date.UTC(2024, 4, 20, 8, 0, 0);
export const MATRIX_OPTIONS: StoreOptions = {
  instances: 1_500,
  apps: 2,
  seed: 'dialect-matrix',
  timeScale: 1,
  activity: false,
};

export interface MatrixCase {
  name: string;
  options: DialectOptions;
  /** What calibration must find (the probe size is 1,000). */
  expected: Pick<EnsDialect, 'pageCap' | 'pageCapMode' | 'totalCountUnit' | 'instanceCountScope'>;
}

const noCap = { pageCap: null, pageCapMode: 'none' } as const;

export const MATRIX: MatrixCase[] = [
  { name: 'default reading', options: {}, expected: { ...noCap, totalCountUnit: 'rows', instanceCountScope: 'page' } },
  {
    name: 'cap 100, reject',
    options: { pageSizeCap: 100, pageSizeCapMode: 'reject' },
    expected: { pageCap: 100, pageCapMode: 'reject', totalCountUnit: 'rows', instanceCountScope: 'page' },
  },
  {
    name: 'cap 100, silent',
    options: { pageSizeCap: 100, pageSizeCapMode: 'silent' },
    expected: { pageCap: 100, pageCapMode: 'silent', totalCountUnit: 'rows', instanceCountScope: 'page' },
  },
  {
    name: 'cap 100, echo',
    options: { pageSizeCap: 100, pageSizeCapMode: 'echo' },
    expected: { pageCap: 100, pageCapMode: 'echo', totalCountUnit: 'rows', instanceCountScope: 'page' },
  },
  {
    name: 'TotalCount in results',
    options: { totalCountUnit: 'results' },
    expected: { ...noCap, totalCountUnit: 'results', instanceCountScope: 'page' },
  },
  {
    name: 'InstanceCount a total',
    options: { instanceCountScope: 'total' },
    expected: { ...noCap, totalCountUnit: 'rows', instanceCountScope: 'total' },
  },
  {
    name: 'time skew',
    options: { timeSkew: true },
    expected: { ...noCap, totalCountUnit: 'rows', instanceCountScope: 'page' },
  },
  {
    name: 'silent cap 50, results, totals, skew',
    options: {
      pageSizeCap: 50,
      pageSizeCapMode: 'silent',
      totalCountUnit: 'results',
      instanceCountScope: 'total',
      timeSkew: true,
    },
    expected: { pageCap: 50, pageCapMode: 'silent', totalCountUnit: 'results', instanceCountScope: 'total' },
  },
  {
    name: 'reject cap 73, results, page',
    options: { pageSizeCap: 73, pageSizeCapMode: 'reject', totalCountUnit: 'results' },
    expected: { pageCap: 73, pageCapMode: 'reject', totalCountUnit: 'results', instanceCountScope: 'page' },
  },
];

export function fixedClock() {
  return createClock(() => T0);
}

/** A simulator of the matrix's seed and clock speaking one dialect, over HTTP. */
export function startDialectSim(options: DialectOptions): Promise<RunningSimulator> {
  const store = createSimStore({ ...MATRIX_OPTIONS, dialect: dialectFrom(options) }, { clock: fixedClock() });
  return serveSimulator({ store, ...generateAccessKey(), port: 0 });
}

export interface TruthRow {
  name: string;
  version: string;
  instanceId: string;
  status: string;
}

interface RawAnswer {
  DistResults: {
    DistResult: {
      Name: string;
      Version: string;
      StatusStats: { StatusStat: { Status: string; Instances: { Instance: { InstanceId: string }[] } }[] };
    }[];
  };
}

/** Every row of each application, as the default reading of the same seed and clock serves it. */
export function matrixTruth(): { appIds: string[]; rows: Map<string, TruthRow[]> } {
  const store = createSimStore(MATRIX_OPTIONS, { clock: fixedClock() });
  const apps = store.handle('ListApplications', {}) as {
    Applications: { Application: { AppList: { App: { AppId: string }[] } }[] };
  };
  const appIds = apps.Applications.Application.flatMap((c) => c.AppList.App.map((a) => a.AppId));
  const rows = new Map<string, TruthRow[]>();
  for (const appId of appIds) {
    const answer = store.handle('DescribeDataDistResult', { AppId: appId }) as RawAnswer;
    rows.set(
      appId,
      answer.DistResults.DistResult.flatMap((r) =>
        r.StatusStats.StatusStat.flatMap((s) =>
          s.Instances.Instance.map((i) => ({
            name: r.Name,
            version: r.Version,
            instanceId: i.InstanceId,
            status: s.Status,
          })),
        ),
      ),
    );
  }
  return { appIds, rows };
}

export type Counts = Record<string, number>;

/** Per version (`name@version`): total and counts by status. */
export function countsByVersion(
  rows: readonly { name: string; version: string; status: string }[],
): Map<string, { total: number; counts: Counts }> {
  const out = new Map<string, { total: number; counts: Counts }>();
  for (const row of rows) {
    const id = `${row.name}@${row.version}`;
    const entry = out.get(id) ?? {
      total: 0,
      counts: { SUCCESS: 0, DISTING: 0, FAILED: 0, POD_RESTARTING: 0, DELETED: 0 },
    };
    entry.total++;
    entry.counts[row.status] = (entry.counts[row.status] ?? 0) + 1;
    out.set(id, entry);
  }
  return out;
}
