import 'server-only';
import { coverageOf, coveredSuccessRate } from '@/lib/domain/coverage';
import type { StatusCounts } from '@/lib/domain/status';
import { getEnsClient } from '@/lib/ens/client';
import { isEnsError } from '@/lib/ens/errors';
import { listAppRegions } from '@/lib/ens/inventory';
import type { PushRow } from '@/lib/ens/schemas';
import { cachedRead } from '@/lib/server/cache/reads';
import { heldVersionRows } from '@/lib/server/versions';

const PUSHED_ONLY = 'pushed-only';

interface Summary {
  name: string;
  version: string;
  total: number;
  counts: StatusCounts;
  successRate: number | null;
  targeted?: number;
}

const ZERO = { SUCCESS: 0, FAILED: 0, DISTING: 0, POD_RESTARTING: 0, DELETED: 0 };

/**
 * What the application-wide pre-push answer adds to the overview. ENS failing here
 * leaves the overview as it was.
 *
 * - The versions that were pushed but are on no instance yet: a "Push only" is not a
 *   dead end, its version is listed and its page offers to distribute it.
 * - Every targeted instance, as the version page counts them (lib/domain/coverage.ts):
 *   a version with rows whose pre-push failed or still runs in a region is short of
 *   that region's instances, so its `targeted` and success share include them.
 */
export async function withPushedOnly<T extends { items: Summary[] }>(appId: string, overview: T): Promise<T> {
  let rows;
  let inventory: Map<string, number>;
  try {
    const [pushRows, regions] = await Promise.all([
      cachedRead(PUSHED_ONLY, appId, async () => (await getEnsClient().describeDataPushResult({ appId })).rows),
      listAppRegions(getEnsClient(), appId),
    ]);
    rows = pushRows.value;
    inventory = new Map(regions.map((r) => [r.regionId, r.instanceCount]));
  } catch (err) {
    if (isEnsError(err)) return overview;
    throw err;
  }
  overview = { ...overview, items: overview.items.map((item) => withCoverage(appId, item, rows, inventory)) };
  const listed = new Set(overview.items.map((i) => JSON.stringify([i.name, i.version])));
  const added = new Map<string, T['items'][number]>();
  for (const r of rows) {
    const key = JSON.stringify([r.name, r.version]);
    if (listed.has(key) || added.has(key)) continue;
    added.set(key, {
      name: r.name,
      version: r.version,
      total: 0,
      counts: ZERO,
      inFlight: 0,
      successRate: null,
      state: 'no-instances',
      updatedAt: null,
    } as T['items'][number]);
  }
  return added.size === 0 ? overview : { ...overview, items: [...overview.items, ...added.values()] };
}

function withCoverage<S extends Summary>(
  appId: string,
  item: S,
  pushRows: readonly PushRow[],
  inventory: ReadonlyMap<string, number>,
): S {
  if (item.total === 0) return item;
  const prePush = pushRows.filter((r) => r.name === item.name && r.version === item.version && r.status !== 'SUCCESS');
  if (prePush.length === 0) return item;
  // Rows already in a held region (a distribution before a re-push) are not missing;
  // without the version's rows at hand, a held region is taken to have none.
  const held = heldVersionRows(appId, item.name, item.version)?.rows ?? [];
  const rowsIn = new Map<string, number>();
  for (const { regionId } of held) if (regionId) rowsIn.set(regionId, (rowsIn.get(regionId) ?? 0) + 1);
  const coverage = coverageOf(
    {
      total: item.total,
      byRegion: prePush.map((r) => ({ regionId: r.regionId, counts: countsOf(rowsIn.get(r.regionId) ?? 0) })),
    },
    prePush,
    inventory,
  );
  if (coverage.targeted === item.total) return item;
  return { ...item, targeted: coverage.targeted, successRate: coveredSuccessRate(item.counts, coverage) };
}

/** Only the total of a region's counts matters to coverageOf. */
const countsOf = (rows: number): StatusCounts => ({ ...ZERO, SUCCESS: rows });
