import { CARRIER_LABELS, parseRegionId } from './region-id';

export const GROUPINGS = ['city', 'province', 'carrier'] as const;
export type Grouping = (typeof GROUPINGS)[number];

export interface PickerRegion {
  regionId: string;
  name?: string | undefined;
  instanceCount: number;
}

export interface RegionGroup<R extends PickerRegion = PickerRegion> {
  key: string;
  label: string;
  regions: R[];
  instances: number;
}

function groupOf(regionId: string, by: Grouping): string {
  const parsed = parseRegionId(regionId);
  if (by === 'carrier') return CARRIER_LABELS[parsed.carrier];
  if (by === 'province') return parsed.province ?? parsed.city;
  return parsed.city;
}

/** Case-insensitive match on the id, the ENS name and the parsed city and carrier. */
export function matchesRegion(region: PickerRegion, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const parsed = parseRegionId(region.regionId);
  const haystack = [
    region.regionId,
    region.name ?? '',
    parsed.city,
    parsed.province ?? '',
    CARRIER_LABELS[parsed.carrier],
  ]
    .join(' ')
    .toLowerCase();
  return q.split(/\s+/).every((word) => haystack.includes(word));
}

/** Regions matching `query`, grouped and sorted by label, regions by id within a group. */
export function groupRegions<R extends PickerRegion>(
  regions: readonly R[],
  by: Grouping,
  query = '',
): RegionGroup<R>[] {
  const groups = new Map<string, R[]>();
  for (const region of regions) {
    if (!matchesRegion(region, query)) continue;
    const label = groupOf(region.regionId, by);
    groups.set(label, [...(groups.get(label) ?? []), region]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, list]) => ({
      key: `${by}:${label}`,
      label,
      regions: list.sort((a, b) => a.regionId.localeCompare(b.regionId)),
      instances: list.reduce((sum, r) => sum + r.instanceCount, 0),
    }));
}
