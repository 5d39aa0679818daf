/*
 * Canary presets: starting points for the strategy builder, computed from the
 * application's regions and their instance counts. Each returns region ids for one
 * `In` policy; the person reviews them in the picker before pushing.
 */

export interface RegionCount {
  regionId: string;
  instanceCount: number;
}

const byCountThenId = (a: RegionCount, b: RegionCount) =>
  a.instanceCount - b.instanceCount || a.regionId.localeCompare(b.regionId);

/** The smallest region that has instances: the least blast radius that still proves the file works. */
export function canaryOneRegion(regions: readonly RegionCount[]): string[] {
  const candidates = regions.filter((r) => r.instanceCount > 0).sort(byCountThenId);
  const pick = candidates[0] ?? [...regions].sort(byCountThenId)[0];
  return pick ? [pick.regionId] : [];
}

/**
 * Regions whose instances add up to about `share` of all instances: largest first
 * without overshooting, then the smallest remaining region if that lands closer.
 * Never empty when some region has instances.
 */
export function canaryShare(regions: readonly RegionCount[], share: number): string[] {
  const total = regions.reduce((sum, r) => sum + r.instanceCount, 0);
  if (total === 0) return canaryOneRegion(regions);
  const target = total * share;
  const picked: RegionCount[] = [];
  let sum = 0;
  for (const region of [...regions].filter((r) => r.instanceCount > 0).sort((a, b) => -byCountThenId(a, b))) {
    if (sum + region.instanceCount <= target) {
      picked.push(region);
      sum += region.instanceCount;
    }
  }
  const rest = regions.filter((r) => r.instanceCount > 0 && !picked.includes(r)).sort(byCountThenId);
  const next = rest[0];
  if (next && (picked.length === 0 || Math.abs(sum + next.instanceCount - target) < Math.abs(sum - target)))
    picked.push(next);
  const ids = new Set(picked.map((r) => r.regionId));
  return regions.filter((r) => ids.has(r.regionId)).map((r) => r.regionId);
}

/** Instances in the given regions, and the share of the total they are. */
export function impactOf(regionIds: readonly string[], regions: readonly RegionCount[]) {
  const chosen = new Set(regionIds);
  const totalInstances = regions.reduce((sum, r) => sum + r.instanceCount, 0);
  const instances = regions.filter((r) => chosen.has(r.regionId)).reduce((sum, r) => sum + r.instanceCount, 0);
  return {
    regions: regions.filter((r) => chosen.has(r.regionId)).length,
    totalRegions: regions.length,
    instances,
    totalInstances,
    share: totalInstances === 0 ? 0 : instances / totalInstances,
  };
}
