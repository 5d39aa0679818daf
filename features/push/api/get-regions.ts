import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { fetchJson } from '@/lib/client/fetch-json';

/** GET /api/apps/{appId}/regions, parsed where it enters the browser. */
const regionsResponseSchema = z.object({
  regions: z.array(
    z.object({
      regionId: z.string(),
      name: z.string().optional(),
      instanceCount: z.number().int().min(0),
    }),
  ),
});
export type AppRegion = z.output<typeof regionsResponseSchema>['regions'][number];

export const regionKeys = {
  all: ['regions'] as const,
  app: (appId: string) => [...regionKeys.all, appId] as const,
};

export function regionsOptions(appId: string) {
  return queryOptions({
    queryKey: regionKeys.app(appId),
    queryFn: async ({ signal }) => {
      const body = await fetchJson<unknown>(`/api/apps/${encodeURIComponent(appId)}/regions`, { signal });
      return regionsResponseSchema.parse(body).regions;
    },
    // Regions and their instance counts change over minutes, not seconds.
    staleTime: 60_000,
  });
}

export function useRegions(appId: string) {
  return useQuery(regionsOptions(appId));
}
