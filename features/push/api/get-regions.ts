import { queryOptions, useQuery } from '@tanstack/react-query';
import { regionsResponseSchema } from '@/lib/contracts/regions';
import { fetchJson } from '@/lib/client/fetch-json';
import { regionKeys } from '@/lib/client/query-keys';
import { paths } from '@/lib/paths';

/** GET /api/apps/{appId}/regions, parsed where it enters the browser. */
export function regionsOptions(appId: string) {
  return queryOptions({
    queryKey: regionKeys.app(appId),
    queryFn: async ({ signal }) =>
      regionsResponseSchema.parse(await fetchJson<unknown>(paths.api.regions(appId), { signal })).regions,
    // Regions and their instance counts change over minutes, not seconds.
    staleTime: 60_000,
  });
}

export function useRegions(appId: string) {
  return useQuery(regionsOptions(appId));
}
