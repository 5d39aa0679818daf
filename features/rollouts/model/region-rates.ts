import type { StatusCounts } from '@/lib/domain/status';

/*
 * A region's recent distribution success rate for one application, from what the
 * dashboard already reads: the per-region counts of the most recently updated versions
 * (the version detail's `byRegion`). Finished instances only: SUCCESS over SUCCESS plus
 * FAILED; a region with none finished has no rate rather than a made-up one.
 */

export interface RegionRate {
  /** 0..1, null when no instance of the region finished in the versions read. */
  rate: number | null;
  succeeded: number;
  failed: number;
  /** How many of the versions read touched the region. */
  versions: number;
}

/** How many of the most recent versions the rate looks at: a detail read each. */
export const RATE_VERSIONS = 3;

/** The versions to read: the most recently updated first, at most RATE_VERSIONS. */
export function recentVersions<V extends { name: string; version: string; updatedAt: string | null }>(
  items: readonly V[],
  limit = RATE_VERSIONS,
): V[] {
  return [...items]
    .sort((a, b) => (b.updatedAt ?? '').localeCompare(a.updatedAt ?? '') || a.name.localeCompare(b.name))
    .slice(0, limit);
}

export function regionRates(
  details: readonly { byRegion: readonly { regionId: string; counts: StatusCounts }[] }[],
): Map<string, RegionRate> {
  const out = new Map<string, RegionRate>();
  for (const detail of details) {
    for (const { regionId, counts } of detail.byRegion) {
      const prev = out.get(regionId) ?? { rate: null, succeeded: 0, failed: 0, versions: 0 };
      const succeeded = prev.succeeded + counts.SUCCESS;
      const failed = prev.failed + counts.FAILED;
      out.set(regionId, {
        succeeded,
        failed,
        versions: prev.versions + 1,
        rate: succeeded + failed > 0 ? succeeded / (succeeded + failed) : null,
      });
    }
  }
  return out;
}
