import { queryOptions, useQuery } from '@tanstack/react-query';
import { pushStatusResponseSchema, type PushStatusResponse } from '@/lib/contracts/monitoring';
import { fetchJson } from '@/lib/client/fetch-json';
import { usePollInterval } from '@/lib/client/polling';
import { monitoringKeys } from '@/lib/client/query-keys';
import { paths } from '@/lib/paths';
import { live } from './live';

export type PushStatusRegion = PushStatusResponse['regions'][number];

/** GET /api/apps/{appId}/push-status: the pre-push phase per region, for the version and push pages alike. */
export function pushStatusOptions(
  appId: string,
  name: string,
  version: string,
  interval: number | false = false,
  untilSettled = false,
) {
  return queryOptions({
    queryKey: monitoringKeys.pushStatus(appId, name, version),
    queryFn: async ({ signal }) =>
      pushStatusResponseSchema.parse(
        await fetchJson<unknown>(paths.api.pushStatus(appId, { name, version }), { signal }),
      ).regions,
    // The push page stops asking once no region is still pushing.
    refetchInterval: (query) =>
      untilSettled && query.state.data?.some((r) => r.status === 'PUSHING') === false ? false : interval,
    ...live,
  });
}

export function usePushStatus(appId: string, name: string, version: string, options: { untilSettled?: boolean } = {}) {
  return useQuery(pushStatusOptions(appId, name, version, usePollInterval(), options.untilSettled ?? false));
}
