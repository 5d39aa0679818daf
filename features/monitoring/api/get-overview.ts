import { queryOptions, useQuery } from '@tanstack/react-query';
import { distributionResponseSchema } from '@/lib/contracts/monitoring';
import { fetchJson } from '@/lib/client/fetch-json';
import { usePollInterval } from '@/lib/client/polling';
import { monitoringKeys } from '@/lib/client/query-keys';
import { paths } from '@/lib/paths';
import { live } from './live';

/** GET /api/apps/{appId}/distribution: every version of the application with its counts. */
export function overviewOptions(appId: string, interval: number | false = false) {
  return queryOptions({
    queryKey: monitoringKeys.summaries(appId),
    queryFn: async () => distributionResponseSchema.parse(await fetchJson<unknown>(paths.api.overview(appId))),
    refetchInterval: interval,
    ...live,
  });
}

/**
 * The overview, polled. Every card and table of one application shares this one query,
 * so a page makes one application-wide read per interval however many parts show it.
 */
export function useOverview(appId: string) {
  return useQuery(overviewOptions(appId, usePollInterval()));
}

/**
 * Other versions of a data file for the compare picker. Only ENS's app-wide scan knows
 * them, the costliest read there is, so it is made when someone reaches for the picker
 * (`enabled`), read once, and not polled.
 */
export function useOtherVersions(
  appId: string,
  name: string,
  version: string,
  enabled: boolean,
): { versions: string[]; loaded: boolean } {
  const { data } = useQuery({ ...overviewOptions(appId), staleTime: 60_000, enabled });
  const versions = (data?.items ?? []).filter((v) => v.name === name && v.version !== version).map((v) => v.version);
  return { versions, loaded: data !== undefined };
}
