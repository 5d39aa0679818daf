import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import {
  detailResponseSchema, distributionResponseSchema, historyResponseSchema, instancesResponseSchema, pushStatusResponseSchema,
  type DetailResponse, type DistributionResponse, type InstancesResponse,
} from '@/lib/contracts/monitoring';
import type { InstanceQuery } from '@/lib/contracts/instance-params';
import { instanceQueryToParams } from '@/lib/contracts/url-state';
import { fetchJson } from '@/lib/client/fetch-json';
import { usePollInterval } from '@/lib/client/polling';

export const distributionKeys = {
  all: (appId: string) => ['distribution', appId] as const,
  summaries: (appId: string) => [...distributionKeys.all(appId), 'summaries'] as const,
  version: (appId: string, name: string, version: string) => [...distributionKeys.all(appId), 'version', name, version] as const,
  detail: (appId: string, name: string, version: string) => [...distributionKeys.version(appId, name, version), 'detail'] as const,
  instances: (appId: string, query: InstanceQuery) =>
    [...distributionKeys.version(appId, query.name, query.version), 'instances', instanceQueryToParams(query).toString()] as const,
  history: (appId: string, name: string, version: string) => [...distributionKeys.version(appId, name, version), 'history'] as const,
  pushStatus: (appId: string, name: string, version: string) => [...distributionKeys.version(appId, name, version), 'push-status'] as const,
};

const base = (appId: string) => `/api/apps/${encodeURIComponent(appId)}`;
const nv = (name: string, version: string) => new URLSearchParams({ name, version }).toString();

interface LiveOptions<T> {
  interval: number | false;
  initialData?: T | undefined;
}

/** Polled in background tabs too, at the slower rate usePollInterval() picks. */
const live = { refetchIntervalInBackground: true, placeholderData: keepPreviousData } as const;

export function distributionOptions(appId: string, { interval, initialData }: LiveOptions<DistributionResponse>) {
  return queryOptions({
    queryKey: distributionKeys.summaries(appId),
    queryFn: async () => distributionResponseSchema.parse(await fetchJson<unknown>(`${base(appId)}/distribution`)),
    initialData,
    initialDataUpdatedAt: initialData?.fetchedAt,
    refetchInterval: interval,
    ...live,
  });
}

export function useDistribution(appId: string, initialData?: DistributionResponse) {
  return useQuery(distributionOptions(appId, { interval: usePollInterval(), initialData }));
}

export function detailOptions(appId: string, name: string, version: string, { interval, initialData }: LiveOptions<DetailResponse>) {
  return queryOptions({
    queryKey: distributionKeys.detail(appId, name, version),
    queryFn: async () => detailResponseSchema.parse(await fetchJson<unknown>(`${base(appId)}/distribution/detail?${nv(name, version)}`)),
    initialData,
    initialDataUpdatedAt: initialData?.fetchedAt,
    refetchInterval: interval,
    ...live,
  });
}

export function useDetail(appId: string, name: string, version: string, initialData?: DetailResponse, enabled = true) {
  return useQuery({ ...detailOptions(appId, name, version, { interval: usePollInterval(), initialData }), enabled });
}

export function instancesOptions(appId: string, query: InstanceQuery, { interval, initialData }: LiveOptions<InstancesResponse>) {
  return queryOptions({
    queryKey: distributionKeys.instances(appId, query),
    queryFn: async () =>
      instancesResponseSchema.parse(await fetchJson<unknown>(`${base(appId)}/distribution/instances?${instanceQueryToParams(query)}`)),
    initialData,
    initialDataUpdatedAt: initialData?.fetchedAt,
    refetchInterval: interval,
    ...live,
  });
}

/** One page of the instance table; the server's first page seeds only the query it was rendered for. */
export function useInstances(appId: string, query: InstanceQuery, initial?: { query: InstanceQuery; data: InstancesResponse }) {
  const matches = initial !== undefined && instanceQueryToParams(initial.query).toString() === instanceQueryToParams(query).toString();
  return useQuery(instancesOptions(appId, query, { interval: usePollInterval(), initialData: matches ? initial.data : undefined }));
}

/** Instances table CSV export of the same filter, every page. */
export function instancesCsvUrl(appId: string, query: InstanceQuery): string {
  return `${base(appId)}/distribution/instances.csv?${instanceQueryToParams(query, { paging: false })}`;
}

export function historyOptions(appId: string, name: string, version: string, interval: number | false) {
  return queryOptions({
    queryKey: distributionKeys.history(appId, name, version),
    queryFn: async () =>
      historyResponseSchema.parse(await fetchJson<unknown>(`${base(appId)}/distribution/history?${nv(name, version)}`)).points,
    refetchInterval: interval,
    // A missing history is not worth retrying: the chart falls back to what the page observed.
    retry: false,
    ...live,
  });
}

export function useHistory(appId: string, name: string, version: string, options: { slow?: boolean; enabled?: boolean } = {}) {
  const interval = usePollInterval();
  const every = interval === false ? false : options.slow ? interval * 6 : interval;
  return useQuery({ ...historyOptions(appId, name, version, every), enabled: options.enabled ?? true });
}

export function pushStatusOptions(appId: string, name: string, version: string, interval: number | false) {
  return queryOptions({
    queryKey: distributionKeys.pushStatus(appId, name, version),
    queryFn: async () =>
      pushStatusResponseSchema.parse(await fetchJson<unknown>(`${base(appId)}/push-status?${nv(name, version)}`)).regions,
    refetchInterval: interval,
    ...live,
  });
}

export function usePushStatus(appId: string, name: string, version: string) {
  return useQuery(pushStatusOptions(appId, name, version, usePollInterval()));
}

/**
 * Other versions of a data file for the compare picker. Only ENS's app-wide scan knows
 * them, the costliest read there is, so it is made when someone reaches for the picker
 * (`enabled`), read once, and not polled.
 */
export function useOtherVersions(appId: string, name: string, version: string, enabled: boolean): { versions: string[]; loaded: boolean } {
  const { data } = useQuery({ ...distributionOptions(appId, { interval: false }), staleTime: 60_000, enabled });
  const versions = (data?.items ?? []).filter((v) => v.name === name && v.version !== version).map((v) => v.version);
  return { versions, loaded: data !== undefined };
}
