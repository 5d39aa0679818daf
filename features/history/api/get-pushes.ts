import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { pushListResponseSchema } from '@/lib/contracts/pushes';
import { HISTORY_PAGE_SIZE, historyFiltersToParams, type HistoryFilters } from '@/lib/contracts/history-filters';
import { fetchJson } from '@/lib/client/fetch-json';
import { usePollInterval } from '@/lib/client/polling';
import { pushKeys } from '@/lib/client/query-keys';
import { paths } from '@/lib/paths';

/*
 * GET /api/apps/{appId}/pushes: the push audit log. Keys sit under pushKeys.app(appId),
 * so a push from this tab (useCreatePush invalidates that prefix) shows at once.
 */

// The log changes only when someone pushes: slower than the status pages' 5 s.
export const HISTORY_POLL_MS = 10_000;

function historyUrl(appId: string, filters: HistoryFilters, before: string | null): string {
  const params = historyFiltersToParams(filters);
  params.set('limit', String(HISTORY_PAGE_SIZE));
  if (before) params.set('before', before);
  return paths.api.pushes(appId, params);
}

export function pushHistoryOptions(appId: string, filters: HistoryFilters, interval: number | false = false) {
  return infiniteQueryOptions({
    queryKey: pushKeys.historyList(appId, filters),
    queryFn: async ({ pageParam, signal }) =>
      pushListResponseSchema.parse(await fetchJson<unknown>(historyUrl(appId, filters, pageParam), { signal })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: interval,
    refetchIntervalInBackground: true,
    placeholderData: keepPreviousData,
  });
}

/** The history, newest first. */
export function usePushHistory(appId: string, filters: HistoryFilters) {
  const poll = usePollInterval();
  const interval = poll === false ? false : Math.max(poll, HISTORY_POLL_MS);
  return useInfiniteQuery(pushHistoryOptions(appId, filters, interval));
}
