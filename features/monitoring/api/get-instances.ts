import { useEffect } from 'react';
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { instancesResponseSchema } from '@/lib/contracts/monitoring';
import type { InstanceQuery } from '@/lib/contracts/instance-params';
import { instanceQueryToParams, toggled, withFilters } from '@/lib/contracts/url-state';
import { DIST_STATUSES } from '@/lib/domain/status';
import { fetchJson } from '@/lib/client/fetch-json';
import { POLL_VISIBLE_MS, usePollInterval } from '@/lib/client/polling';
import { monitoringKeys } from '@/lib/client/query-keys';
import { paths } from '@/lib/paths';
import { live } from './live';

/** GET /api/apps/{appId}/distribution/instances: one page of the instance table. */
export function instancesOptions(appId: string, query: InstanceQuery, interval: number | false = false) {
  return queryOptions({
    queryKey: monitoringKeys.instances(appId, query),
    queryFn: async () =>
      instancesResponseSchema.parse(await fetchJson<unknown>(paths.api.instances(appId, instanceQueryToParams(query)))),
    refetchInterval: interval,
    ...live,
  });
}

export function useInstances(appId: string, query: InstanceQuery) {
  return useQuery(instancesOptions(appId, query, usePollInterval()));
}

/** The table each status toggle would show: the query with that status added or removed, back on page 1. */
export function statusToggleQueries(query: InstanceQuery): InstanceQuery[] {
  return DIST_STATUSES.map((s) => withFilters(query, { status: toggled(query.status, s) }));
}

/**
 * Asks, after each answer of the table in a visible tab, for the tables the status
 * toggles would show, unless the cache holds a fresh one: a click on a toggle then draws
 * its table from the cache in the click's own frame instead of waiting for the server,
 * which at 100,000 instances shares its cores with a sweep every few seconds. Five small
 * pages per poll, each a linear pass over the version's sorted rows on the server
 * (lib/domain/row-views.ts). Each is renewed with the table's next answer; one nobody
 * looks at any more leaves the cache after two polls.
 *
 * `answeredAt`: when the table's own answer for `query` arrived (undefined while it is
 * still a placeholder).
 */
export function usePrefetchedToggles(appId: string, query: InstanceQuery, answeredAt: number | undefined): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (answeredAt === undefined || document.visibilityState === 'hidden') return;
    for (const next of statusToggleQueries(query)) {
      void queryClient.prefetchQuery({ ...instancesOptions(appId, next), gcTime: 2 * POLL_VISIBLE_MS });
    }
  }, [answeredAt, appId, query, queryClient]);
}

/** The CSV export of the same filter, every page. */
export function instancesCsvUrl(appId: string, query: InstanceQuery): string {
  return paths.api.instancesCsv(appId, instanceQueryToParams(query, { paging: false }));
}
