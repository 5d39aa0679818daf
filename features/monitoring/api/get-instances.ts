import { queryOptions, useQuery } from '@tanstack/react-query';
import { instancesResponseSchema } from '@/lib/contracts/monitoring';
import type { InstanceQuery } from '@/lib/contracts/instance-params';
import { instanceQueryToParams } from '@/lib/contracts/url-state';
import { fetchJson } from '@/lib/client/fetch-json';
import { usePollInterval } from '@/lib/client/polling';
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

/** The CSV export of the same filter, every page. */
export function instancesCsvUrl(appId: string, query: InstanceQuery): string {
  return paths.api.instancesCsv(appId, instanceQueryToParams(query, { paging: false }));
}
