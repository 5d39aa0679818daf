import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { PushRequest } from '@/features/push/model/validate';
import { createPushResponseSchema, type CreatePushResponse } from '@/lib/contracts/pushes';
import { fetchJson } from '@/lib/client/fetch-json';
import { pushKeys } from '@/lib/client/query-keys';
import { paths } from '@/lib/paths';

export interface PushVariables {
  appId: string;
  request: PushRequest;
  idempotencyKey: string;
}

/** POST /api/apps/{appId}/pushes. */
export async function postPush({ appId, request, idempotencyKey }: PushVariables): Promise<CreatePushResponse> {
  const body = await fetchJson<unknown>(paths.api.pushes(appId), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
    body: JSON.stringify({ ...request, idempotencyKey }),
  });
  return createPushResponseSchema.parse(body);
}

export function useCreatePush() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: postPush,
    // A push never retries on its own: only the person decides, with the same key.
    retry: false,
    onSuccess: (_data, { appId }) => queryClient.invalidateQueries({ queryKey: pushKeys.app(appId) }),
  });
}
