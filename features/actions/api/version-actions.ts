import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { pushListResponseSchema } from '@/lib/contracts/pushes';
import { cleanOutcomeSchema, distributionOutcomeSchema, pushOutcomeSchema } from '@/lib/contracts/push-writes';
import { fetchJson } from '@/lib/client/fetch-json';
import { usePollInterval } from '@/lib/client/polling';
import { monitoringKeys, pushKeys } from '@/lib/client/query-keys';
import { paths } from '@/lib/paths';

/*
 * The version page's writes (POST /distributions, /pushes, /cleans) and the one read
 * they need: this version's recorded pushes (GET /pushes?name=&version=), to repeat
 * what was sent. Keys sit under pushKeys.app, so the history refreshes after an action.
 */

export function versionPushesOptions(appId: string, name: string, version: string, interval: number | false = false) {
  return queryOptions({
    queryKey: [...pushKeys.history(appId), 'version', name, version] as const,
    queryFn: async ({ signal }) =>
      pushListResponseSchema.parse(
        await fetchJson<unknown>(paths.api.pushes(appId, { name, version, limit: '50' }), { signal }),
      ).pushes,
    refetchInterval: interval,
  });
}

export function useVersionPushes(appId: string, name: string, version: string) {
  const poll = usePollInterval();
  return useQuery(versionPushesOptions(appId, name, version, poll === false ? false : Math.max(poll, 10_000)));
}

export type ActionRequest =
  | { kind: 'distribution'; body: Record<string, unknown> }
  | { kind: 'push'; body: Record<string, unknown> }
  | { kind: 'clean'; body: Record<string, unknown> };

export interface ActionResult {
  /** The audit log entry the action made. */
  id: string;
  /** Instances ENS said it distributes to, when it says. */
  instanceCount?: number;
}

async function send(appId: string, request: ActionRequest, idempotencyKey: string): Promise<ActionResult> {
  const url =
    request.kind === 'distribution'
      ? paths.api.distributions(appId)
      : request.kind === 'push'
        ? paths.api.pushes(appId)
        : paths.api.cleans(appId);
  const body = await fetchJson<unknown>(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
    body: JSON.stringify({ ...request.body, idempotencyKey }),
  });
  if (request.kind === 'distribution') {
    const out = distributionOutcomeSchema.parse(body);
    return { id: out.distributionId, instanceCount: out.instanceCount };
  }
  if (request.kind === 'push') return { id: pushOutcomeSchema.parse(body).pushId };
  return { id: cleanOutcomeSchema.parse(body).cleanId };
}

export function useVersionAction(appId: string, name: string, version: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ request, idempotencyKey }: { request: ActionRequest; idempotencyKey: string }) =>
      send(appId, request, idempotencyKey),
    // A write never retries on its own: the person decides, with the same key.
    retry: false,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: pushKeys.app(appId) }),
        queryClient.invalidateQueries({ queryKey: monitoringKeys.version(appId, name, version) }),
      ]),
  });
}
