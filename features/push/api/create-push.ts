import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import type { PushRequest } from '@/features/push/model/validate';
import { fetchJson } from '@/lib/client/fetch-json';

/*
 * The push page's server state: the push mutation, and the per-region pre-push status
 * shown with the result.
 */

export const pushKeys = {
  all: ['push'] as const,
  app: (appId: string) => [...pushKeys.all, appId] as const,
  status: (appId: string, name: string, version: string) => [...pushKeys.app(appId), 'status', name, version] as const,
};

const pushResponseSchema = z.object({
  pushId: z.union([z.string(), z.number()]).transform(String),
  requestId: z.string(),
  results: z.array(
    z.object({
      name: z.string(),
      version: z.string(),
      resultCode: z.number(),
      resultDescrip: z.string().optional().default(''),
    }),
  ),
});
export type PushResponse = z.output<typeof pushResponseSchema>;

export interface PushVariables {
  appId: string;
  request: PushRequest;
  idempotencyKey: string;
}

export async function createPush({ appId, request, idempotencyKey }: PushVariables): Promise<PushResponse> {
  const body = await fetchJson<unknown>(`/api/apps/${encodeURIComponent(appId)}/pushes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
    body: JSON.stringify({ ...request, idempotencyKey }),
  });
  return pushResponseSchema.parse(body);
}

export function useCreatePush() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createPush,
    // A push never retries on its own: only the person decides, with the same key.
    retry: false,
    onSuccess: (_data, { appId }) => queryClient.invalidateQueries({ queryKey: pushKeys.app(appId) }),
  });
}

const pushStatusSchema = z.object({
  regions: z.array(
    z.object({
      regionId: z.string(),
      status: z.string(),
      statusDescrip: z.string().optional().default(''),
      startTime: z.string().nullish(),
      updateTime: z.string().nullish(),
    }),
  ),
});
export type PushStatusRegion = z.output<typeof pushStatusSchema>['regions'][number];

export function pushStatusOptions(appId: string, name: string, version: string) {
  return queryOptions({
    queryKey: pushKeys.status(appId, name, version),
    queryFn: async ({ signal }) => {
      const qs = new URLSearchParams({ name, version });
      const body = await fetchJson<unknown>(`/api/apps/${encodeURIComponent(appId)}/push-status?${qs}`, { signal });
      return pushStatusSchema.parse(body).regions;
    },
    refetchInterval: (query) => (query.state.data?.some((r) => r.status === 'PUSHING') === false ? false : 3_000),
    refetchIntervalInBackground: false,
  });
}

export function usePushStatus(appId: string, name: string, version: string) {
  return useQuery(pushStatusOptions(appId, name, version));
}
