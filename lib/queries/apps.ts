import { queryOptions, useQuery } from '@tanstack/react-query';
import { appsResponseSchema, type AppModel } from '@/lib/distribution/api-models';
import { fetchJson } from './fetch-json';

export const appKeys = {
  all: ['apps'] as const,
  list: () => [...appKeys.all, 'list'] as const,
};

export function appsOptions(initialData?: AppModel[]) {
  return queryOptions({
    queryKey: appKeys.list(),
    queryFn: async ({ signal }) => appsResponseSchema.parse(await fetchJson<unknown>('/api/apps', { signal })).apps,
    initialData,
    // The list of applications changes over days; no polling.
    staleTime: 5 * 60_000,
  });
}

export function useApps(initialData?: AppModel[]) {
  return useQuery(appsOptions(initialData));
}
