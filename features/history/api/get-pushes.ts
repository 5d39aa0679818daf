import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { pushListResponseSchema, type PushListResponse } from '@/lib/contracts/pushes';
import { HISTORY_PAGE_SIZE, historyFiltersToParams, type HistoryFilters } from '@/lib/contracts/history-filters';
import { fetchJson } from '@/lib/client/fetch-json';
import { usePollInterval } from '@/lib/client/polling';
import { pushKeys } from '@/features/push/api/create-push';

/*
 * The push audit log. Keys sit under pushKeys.app(appId), so a push from this tab
 * (useCreatePush invalidates that prefix) shows in the history without waiting a poll.
 */

export const pushHistoryKeys = {
  all: (appId: string) => [...pushKeys.app(appId), 'history'] as const,
  list: (appId: string, filters: HistoryFilters) => [...pushHistoryKeys.all(appId), historyFiltersToParams(filters).toString()] as const,
};

// The log changes only when someone pushes: slower than the status pages' 5 s.
export const HISTORY_POLL_MS = 10_000;

function historyUrl(appId: string, filters: HistoryFilters, before: string | null): string {
  const params = historyFiltersToParams(filters);
  params.set('limit', String(HISTORY_PAGE_SIZE));
  if (before) params.set('before', before);
  return `/api/apps/${encodeURIComponent(appId)}/pushes?${params}`;
}

export function pushHistoryOptions(appId: string, filters: HistoryFilters, interval: number | false, initialPage?: PushListResponse) {
  return infiniteQueryOptions({
    queryKey: pushHistoryKeys.list(appId, filters),
    queryFn: async ({ pageParam, signal }) =>
      pushListResponseSchema.parse(await fetchJson<unknown>(historyUrl(appId, filters, pageParam), { signal })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    initialData: initialPage ? { pages: [initialPage], pageParams: [null] } : undefined,
    refetchInterval: interval,
    refetchIntervalInBackground: true,
    placeholderData: keepPreviousData,
  });
}

/** The history, newest first; the server's first page seeds only the filters it was rendered for. */
export function usePushHistory(appId: string, filters: HistoryFilters, initial?: { filters: HistoryFilters; page: PushListResponse }) {
  const poll = usePollInterval();
  const interval = poll === false ? false : Math.max(poll, HISTORY_POLL_MS);
  const matches = initial !== undefined && historyFiltersToParams(initial.filters).toString() === historyFiltersToParams(filters).toString();
  return useInfiniteQuery(pushHistoryOptions(appId, filters, interval, matches ? initial.page : undefined));
}
