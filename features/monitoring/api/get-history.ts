import { queryOptions, useQuery } from '@tanstack/react-query';
import { historyResponseSchema, type HistoryResponse } from '@/lib/contracts/monitoring';
import type { Sample } from '@/lib/domain/progress';
import { fetchJson } from '@/lib/client/fetch-json';
import { usePollInterval } from '@/lib/client/polling';
import { monitoringKeys } from '@/lib/client/query-keys';
import { paths } from '@/lib/paths';
import { live } from './live';

/** GET /api/apps/{appId}/distribution/history: recorded snapshots and the rebuilt rollout, for the progress chart. */
export function historyOptions(appId: string, name: string, version: string, interval: number | false = false) {
  return queryOptions({
    queryKey: monitoringKeys.history(appId, name, version),
    queryFn: async () =>
      historyResponseSchema.parse(await fetchJson<unknown>(paths.api.history(appId, { name, version }))),
    refetchInterval: interval,
    // A missing history is not worth retrying: the chart falls back to what the page observed.
    retry: false,
    ...live,
  });
}

export function useHistory(
  appId: string,
  name: string,
  version: string,
  options: { slow?: boolean; enabled?: boolean } = {},
) {
  const interval = usePollInterval();
  const every = interval === false ? false : options.slow ? interval * 6 : interval;
  return useQuery({ ...historyOptions(appId, name, version, every), enabled: options.enabled ?? true });
}

/** The chart's points: the merged series (recorded and rebuilt), or the recorded points alone. */
export function historySamples(history: HistoryResponse | undefined): Sample[] {
  if (!history) return [];
  return history.series.length > 0 ? history.series : history.points;
}
