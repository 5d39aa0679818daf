import 'server-only';
import type { EnsClient } from './client';
import type { DistRow } from './schemas';

/*
 * Region attribution. DescribeDataDistResult's instance rows carry no region, so each
 * instance is attributed from the application's inventory (DescribeApplication's
 * DetailStat: InstanceId → RegionId), cached per application.
 *
 * Why the inventory and not per-region queries (EnsRegionIds): a sweep by region costs
 * one DescribeDataDistResult call per region (dozens to hundreds) every poll, while the
 * inventory costs one DescribeApplication call every few minutes whatever the number of
 * regions, versions and viewers. Instances rarely move between regions; a new one is
 * caught by refreshing on a miss (at most once per 30 s).
 */

export const INVENTORY_TTL_MS = 3 * 60_000;
export const MISS_REFRESH_MS = 30_000;
export const REGION_NAMES_TTL_MS = 60 * 60_000;

export interface InventoryOptions {
  /** Instances the caller is about to attribute; unknown ones trigger a (rate-limited) refresh. */
  expect?: Iterable<string>;
  /** Clock, for tests. */
  now?: () => number;
}

interface Inventory {
  byInstance: Map<string, string>;
  regionIds: string[];
}

interface Entry<T> {
  value?: T;
  fetchedAt: number;
  inflight?: Promise<T>;
}

// On globalThis: Next.js loads the route bundles and the watcher as separate module
// instances, and each would otherwise hold (and read) its own copy of a 100,000-instance
// inventory.
const caches = globalThis as typeof globalThis & {
  __ensInventories?: WeakMap<EnsClient, Map<string, Entry<Inventory>>>;
  __ensRegionNames?: WeakMap<EnsClient, Entry<Map<string, string | undefined>>>;
};
const inventories = (caches.__ensInventories ??= new WeakMap());
const regionNames = (caches.__ensRegionNames ??= new WeakMap());

/** Coalesces concurrent refreshes; on failure keeps serving the last good value if there is one. */
async function refresh<T>(entry: Entry<T>, now: number, load: () => Promise<T>): Promise<T> {
  entry.inflight ??= load()
    .then((value) => {
      entry.value = value;
      entry.fetchedAt = now;
      return value;
    })
    .finally(() => {
      entry.inflight = undefined;
    });
  try {
    return await entry.inflight;
  } catch (err) {
    if (entry.value !== undefined) return entry.value;
    throw err;
  }
}

/**
 * A refresh that found the same instances in the same regions keeps the map it had:
 * reads key what they derived from it on its identity (next-read.ts), and need not
 * redo that every few minutes for nothing.
 */
function sameInventory(a: Inventory, b: Inventory): boolean {
  if (a.byInstance.size !== b.byInstance.size || a.regionIds.join() !== b.regionIds.join()) return false;
  for (const [instanceId, regionId] of a.byInstance) if (b.byInstance.get(instanceId) !== regionId) return false;
  return true;
}

async function loadInventory(client: EnsClient, appId: string): Promise<Inventory> {
  // AppVersions=All: the default answer covers the stable version's instances only.
  const app = await client.describeApplication({ appId, appVersions: ['All'] });
  // Each region's id held once, not once per instance.
  const regions = new Map<string, string>();
  const byInstance = new Map<string, string>();
  for (const { instanceId, regionId } of app.instances) {
    let region = regions.get(regionId);
    if (region === undefined) regions.set(regionId, (region = regionId));
    byInstance.set(instanceId, region);
  }
  return { byInstance, regionIds: app.regionIds };
}

async function reloadInventory(client: EnsClient, appId: string, current: Inventory | undefined): Promise<Inventory> {
  const loaded = await loadInventory(client, appId);
  return current && sameInventory(current, loaded) ? current : loaded;
}

async function getInventory(client: EnsClient, appId: string, options: InventoryOptions = {}): Promise<Inventory> {
  const now = (options.now ?? Date.now)();
  let perClient = inventories.get(client);
  if (!perClient) inventories.set(client, (perClient = new Map()));
  let entry = perClient.get(appId);
  if (!entry) perClient.set(appId, (entry = { fetchedAt: 0 }));

  const current = entry.value;
  if (!current || now - entry.fetchedAt >= INVENTORY_TTL_MS)
    return refresh(entry, now, () => reloadInventory(client, appId, current));
  if (options.expect && now - entry.fetchedAt >= MISS_REFRESH_MS) {
    for (const id of options.expect) {
      if (!current.byInstance.has(id)) return refresh(entry, now, () => reloadInventory(client, appId, current));
    }
  }
  return current;
}

/** InstanceId → RegionId for an application, from its cached inventory. */
export async function getInstanceRegions(
  client: EnsClient,
  appId: string,
  options?: InventoryOptions,
): Promise<ReadonlyMap<string, string>> {
  return (await getInventory(client, appId, options)).byInstance;
}

/** Rows with `regionId` filled in where the inventory knows the instance (left out otherwise). */
export function attachRegions(rows: readonly DistRow[], regions: ReadonlyMap<string, string>): DistRow[] {
  // A literal rather than a spread copy: a spread of a parsed row can give every copy an
  // object shape of its own, hundreds of bytes each at 100,000 rows.
  return rows.map((row) => {
    const regionId = regions.get(row.instanceId);
    if (regionId === undefined) return row;
    const { name, version, instanceId, status, statusDescrip, startTime, updateTime } = row;
    return { name, version, instanceId, regionId, status, statusDescrip, startTime, updateTime };
  });
}

export interface AppRegion {
  regionId: string;
  name?: string;
  instanceCount: number;
}

/** The application's regions with their instance counts and display names, sorted by id. */
export async function listAppRegions(
  client: EnsClient,
  appId: string,
  options?: InventoryOptions,
): Promise<AppRegion[]> {
  const [inventory, names] = await Promise.all([getInventory(client, appId, options), getRegionNames(client, options)]);
  const counts = new Map<string, number>(inventory.regionIds.map((r) => [r, 0]));
  for (const regionId of inventory.byInstance.values()) counts.set(regionId, (counts.get(regionId) ?? 0) + 1);
  return [...counts]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([regionId, instanceCount]) => {
      const name = names.get(regionId);
      return name === undefined ? { regionId, instanceCount } : { regionId, name, instanceCount };
    });
}

/** Region display names change almost never: cached for an hour, and a failure only costs the names. */
async function getRegionNames(
  client: EnsClient,
  options: InventoryOptions = {},
): Promise<Map<string, string | undefined>> {
  const now = (options.now ?? Date.now)();
  let entry = regionNames.get(client);
  if (!entry) regionNames.set(client, (entry = { fetchedAt: 0 }));
  if (entry.value && now - entry.fetchedAt < REGION_NAMES_TTL_MS) return entry.value;
  try {
    return await refresh(entry, now, async () => {
      const answer = await client.describeEnsRegions();
      return new Map(answer.regions.map((r) => [r.regionId, r.name ?? r.enName]));
    });
  } catch {
    return new Map();
  }
}
