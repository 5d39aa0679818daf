import { queryOptions, useQuery } from '@tanstack/react-query';
import { outsidePushesResponseSchema } from '@/lib/contracts/pushes';
import type { HistoryFilters } from '@/lib/contracts/history-filters';
import { fetchJson } from '@/lib/client/fetch-json';
import { pushKeys } from '@/lib/client/query-keys';
import { paths } from '@/lib/paths';

/** GET /api/apps/{appId}/pushes/outside, with the history's name and version filters. */
export function outsidePushesOptions(appId: string, filters: Pick<HistoryFilters, 'name' | 'version'>) {
  const query: Record<string, string> = {};
  if (filters.name) query.name = filters.name;
  if (filters.version) query.version = filters.version;
  return queryOptions({
    queryKey: [...pushKeys.history(appId), 'outside', filters.name, filters.version] as const,
    queryFn: async ({ signal }) =>
      outsidePushesResponseSchema.parse(await fetchJson<unknown>(paths.api.outsidePushes(appId, query), { signal })),
    // ENS's pre-push records change over minutes; one read per visit and minute is plenty.
    staleTime: 60_000,
  });
}

export function useOutsidePushes(appId: string, filters: Pick<HistoryFilters, 'name' | 'version'>) {
  return useQuery(outsidePushesOptions(appId, filters));
}
