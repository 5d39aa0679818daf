import { useQueries, useQuery } from '@tanstack/react-query';
import { overviewOptions } from '@/features/monitoring/api/get-overview';
import { detailOptions } from '@/features/monitoring/api/get-version-detail';
import { recentVersions, regionRates, type RegionRate } from '@/features/rollouts/model/region-rates';

/**
 * Per-region success rates of the application's most recent versions: the overview
 * (one read the app pages already make) names them, their details give the regions.
 * Read once, not polled: the plan builder needs a hint, not a live feed.
 */
export function useRegionRates(appId: string): {
  rates: Map<string, RegionRate>;
  versions: { name: string; version: string }[];
  loaded: boolean;
} {
  const overview = useQuery({ ...overviewOptions(appId), staleTime: 60_000 });
  const versions = recentVersions(overview.data?.items ?? []);
  const details = useQueries({
    queries: versions.map((v) => ({ ...detailOptions(appId, v.name, v.version), staleTime: 60_000 })),
  });
  const data = details.flatMap((d) => (d.data ? [d.data] : []));
  return {
    rates: regionRates(data),
    versions: versions.map(({ name, version }) => ({ name, version })),
    loaded: overview.data !== undefined && details.every((d) => !d.isPending),
  };
}
