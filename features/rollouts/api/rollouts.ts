import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import {
  createRolloutAnswerSchema,
  rollbackPreviewSchema,
  rolloutListSchema,
  rolloutViewSchema,
  savedPlanSchema,
  type CreateRolloutBody,
  type RolloutActionBody,
  type RolloutSummary,
  type RolloutView,
  type StageInput,
} from '@/lib/contracts/rollouts';
import { FINAL_STATES, type RolloutAction } from '@/lib/domain/rollout-states';
import { fetchJson } from '@/lib/client/fetch-json';
import { usePollInterval } from '@/lib/client/polling';
import { rolloutKeys } from '@/lib/client/query-keys';
import { paths } from '@/lib/paths';
import { live } from '@/features/monitoring/api/live';

/** GET /api/apps/{appId}/rollouts/{rolloutId}: plan, states, live gate numbers, timeline. */
export function rolloutOptions(appId: string, rolloutId: string, interval: number | false = false) {
  return queryOptions({
    queryKey: rolloutKeys.one(appId, rolloutId),
    queryFn: async ({ signal }) =>
      rolloutViewSchema.parse(await fetchJson<unknown>(paths.api.rollout(appId, rolloutId), { signal })),
    refetchInterval: interval,
    ...live,
  });
}

export function useRollout(appId: string, rolloutId: string) {
  return useQuery(rolloutOptions(appId, rolloutId, usePollInterval()));
}

interface ListFilter {
  state?: string;
  name?: string;
  version?: string;
}

/** GET /api/apps/{appId}/rollouts?state=&name=&version=, or GET /api/rollouts (every application) for a null appId. */
export function rolloutListOptions(appId: string | null, filter: ListFilter = {}, interval: number | false = false) {
  const query: Record<string, string> = {};
  if (filter.state) query.state = filter.state;
  if (filter.name) query.name = filter.name;
  if (filter.version) query.version = filter.version;
  const qs = new URLSearchParams(query).toString();
  const queryKey: readonly string[] =
    appId === null ? [...rolloutKeys.all, 'every-app', qs] : rolloutKeys.list(appId, qs);
  return queryOptions({
    queryKey,
    queryFn: async ({ signal }) =>
      rolloutListSchema.parse(
        await fetchJson<unknown>(appId === null ? paths.api.allRollouts(query) : paths.api.rollouts(appId, query), {
          signal,
        }),
      ).rollouts,
    refetchInterval: interval,
    ...live,
  });
}

export function useRolloutList(appId: string, filter: ListFilter = {}) {
  return useQuery(rolloutListOptions(appId, filter, usePollInterval()));
}

export interface VersionRollout {
  summary: RolloutSummary;
  /** The full view (stages, gate, actions) of an active rollout; undefined until read, or when it ended. */
  view: RolloutView | undefined;
  /** Not in a final state: the rollout, not a person, decides where this version goes. */
  active: boolean;
}

/**
 * The staged rollout driving one file version (the active one, else the newest that
 * ended), for its version page: the same list and rollout reads the rollout pages use.
 */
export function useVersionRollout(appId: string, name: string, version: string): VersionRollout | null {
  const interval = usePollInterval();
  const list = useQuery(rolloutListOptions(appId, { name, version }, interval));
  const all = list.data ?? [];
  const summary = all.find((r) => !FINAL_STATES.includes(r.state)) ?? all[0];
  const active = summary !== undefined && !FINAL_STATES.includes(summary.state);
  const one = useQuery({ ...rolloutOptions(appId, summary?.rolloutId ?? '', interval), enabled: active });
  if (!summary) return null;
  return { summary, view: active ? one.data : undefined, active };
}

/** GET …/rollouts/{rolloutId}/rollback-preview: which instances get which version, before confirming. */
export function useRollbackPreview(appId: string, rolloutId: string, enabled: boolean) {
  return useQuery({
    queryKey: rolloutKeys.rollbackPreview(appId, rolloutId),
    queryFn: async ({ signal }) =>
      rollbackPreviewSchema.parse(await fetchJson<unknown>(paths.api.rollbackPreview(appId, rolloutId), { signal })),
    enabled,
    staleTime: 0,
  });
}

export interface CreateRolloutVariables {
  appId: string;
  body: Omit<CreateRolloutBody, 'idempotencyKey'>;
  idempotencyKey: string;
}

/** POST /api/apps/{appId}/rollouts: create and start, once per idempotency key. */
export async function postRollout({ appId, body, idempotencyKey }: CreateRolloutVariables) {
  const answer = await fetchJson<unknown>(paths.api.rollouts(appId), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
    body: JSON.stringify({ ...body, idempotencyKey }),
  });
  return createRolloutAnswerSchema.parse(answer);
}

export function useCreateRollout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: postRollout,
    // Never retried on its own: only the person decides, with the same key.
    retry: false,
    onSuccess: (_data, { appId }) => queryClient.invalidateQueries({ queryKey: rolloutKeys.app(appId) }),
  });
}

/** POST …/rollouts/{rolloutId}/{action} with the reason (and seconds for extend-bake). */
export function useRolloutAction(appId: string, rolloutId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    // The answer's shape is the engine's; the page re-reads the rollout either way.
    mutationFn: ({ action, body }: { action: RolloutAction; body: RolloutActionBody }) =>
      fetchJson<unknown>(paths.api.rolloutAction(appId, rolloutId, action), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    retry: false,
    onSettled: () => queryClient.invalidateQueries({ queryKey: rolloutKeys.app(appId) }),
  });
}

const plansAnswerSchema = z.object({ plans: z.array(savedPlanSchema) });

/** GET /api/apps/{appId}/rollout-plans: the plans saved for this application. */
export function usePlans(appId: string) {
  return useQuery({
    queryKey: rolloutKeys.plans(appId),
    queryFn: async ({ signal }) =>
      plansAnswerSchema.parse(await fetchJson<unknown>(paths.api.rolloutPlans(appId), { signal })).plans,
    staleTime: 60_000,
  });
}

/** POST /api/apps/{appId}/rollout-plans. */
export function useSavePlan(appId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (plan: { name: string; stages: StageInput[] }) =>
      savedPlanSchema.parse(
        await fetchJson<unknown>(paths.api.rolloutPlans(appId), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(plan),
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: rolloutKeys.plans(appId) }),
  });
}
