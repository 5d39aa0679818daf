import { queryOptions, useQuery } from '@tanstack/react-query';
import { detailResponseSchema } from '@/lib/contracts/monitoring';
import { fetchJson } from '@/lib/client/fetch-json';
import { usePollInterval } from '@/lib/client/polling';
import { monitoringKeys } from '@/lib/client/query-keys';
import { paths } from '@/lib/paths';
import { live } from './live';

/** GET /api/apps/{appId}/distribution/detail: one version's counts, regions and failure reasons. */
export function detailOptions(appId: string, name: string, version: string, interval: number | false = false) {
  return queryOptions({
    queryKey: monitoringKeys.detail(appId, name, version),
    queryFn: async () =>
      detailResponseSchema.parse(await fetchJson<unknown>(paths.api.detail(appId, { name, version }))),
    refetchInterval: interval,
    ...live,
  });
}

export function useDetail(appId: string, name: string, version: string, enabled = true) {
  return useQuery({ ...detailOptions(appId, name, version, usePollInterval()), enabled });
}
