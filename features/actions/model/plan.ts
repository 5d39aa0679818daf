import type { StatusCounts } from '@/lib/domain/status';
import { evaluateGate, gateFor, type GateEvaluation } from '@/lib/domain/rollout-gate';

/*
 * What the version page can do next, worked out from what it shows: the regions the
 * version has reached, their failures, the pre-push per region and the application's
 * regions. Pure, so every number a confirmation states is tested here.
 */

export interface RegionCounts {
  regionId: string;
  counts: StatusCounts;
}
export interface AppRegion {
  regionId: string;
  name?: string | undefined;
  instanceCount: number;
}
export interface PrePushRegion {
  regionId: string;
  status: 'SUCCESS' | 'PUSHING' | 'FAILED';
  statusDescrip: string;
}

export interface ActionInputs {
  byRegion: readonly RegionCounts[];
  appRegions: readonly AppRegion[];
  prePush: readonly PrePushRegion[];
}

/** Instances that hold or are getting the version: everything but DELETED. */
export const liveOf = (c: StatusCounts) => c.SUCCESS + c.FAILED + c.DISTING + c.POD_RESTARTING;

export interface WidenPlan {
  /** Regions the version has reached: the canary. */
  canaryRegions: string[];
  canary: StatusCounts;
  /** The canary's health against the rollout gate's defaults (lib/domain/rollout-gate). */
  gate: GateEvaluation;
  /** Instances that already have the version (SUCCESS). */
  alreadyHave: number;
  /** Regions of the application not reached yet, with instances: what a widen may add. */
  remaining: AppRegion[];
}

export interface RetryFailedPlan {
  /** Exactly the regions holding a FAILED instance: the distribution goes nowhere else. */
  regionIds: string[];
  failed: number;
  /** Instances of those regions in all, since ENS distributes by region. */
  inRegions: number;
}

export interface ActionPlan {
  widen: WidenPlan;
  retryFailed: RetryFailedPlan | null;
  /** Regions whose pre-push failed, with ENS's reason: each can be pushed again. */
  prePushFailed: PrePushRegion[];
  /** Pushed (pre-push succeeded somewhere) but on no instance: it can be distributed. */
  pushedOnly: { regionIds: string[]; instances: number } | null;
  /** Regions where the version is on instances: what a clean can choose from. */
  cleanable: { regionId: string; live: number }[];
  /** Regions whose pre-push succeeded: a distribution there needs no push first. */
  prePushed: string[];
}

const zero = (): StatusCounts => ({ SUCCESS: 0, FAILED: 0, DISTING: 0, POD_RESTARTING: 0, DELETED: 0 });

function add(a: StatusCounts, b: StatusCounts): StatusCounts {
  return {
    SUCCESS: a.SUCCESS + b.SUCCESS,
    FAILED: a.FAILED + b.FAILED,
    DISTING: a.DISTING + b.DISTING,
    POD_RESTARTING: a.POD_RESTARTING + b.POD_RESTARTING,
    DELETED: a.DELETED + b.DELETED,
  };
}

export function planActions({ byRegion, appRegions, prePush }: ActionInputs): ActionPlan {
  const reached = byRegion.filter((r) => liveOf(r.counts) > 0);
  const canaryRegions = reached.map((r) => r.regionId).sort();
  const canary = reached.reduce((sum, r) => add(sum, r.counts), zero());
  const population = liveOf(canary);
  const gate = evaluateGate(gateFor(population), { population, counts: canary, stuck: 0, missing: 0 });
  const reachedSet = new Set(canaryRegions);
  const remaining = appRegions
    .filter((r) => !reachedSet.has(r.regionId) && r.instanceCount > 0)
    .sort((a, b) => a.regionId.localeCompare(b.regionId));

  const failing = reached.filter((r) => r.counts.FAILED > 0);
  const retryFailed =
    failing.length === 0
      ? null
      : {
          regionIds: failing.map((r) => r.regionId).sort(),
          failed: failing.reduce((n, r) => n + r.counts.FAILED, 0),
          inRegions: failing.reduce((n, r) => n + liveOf(r.counts), 0),
        };

  const pushedRegions = prePush.filter((r) => r.status === 'SUCCESS').map((r) => r.regionId);
  const instancesOf = new Map(appRegions.map((r) => [r.regionId, r.instanceCount]));
  const pushedOnly =
    population === 0 && pushedRegions.length > 0
      ? {
          regionIds: [...pushedRegions].sort(),
          instances: pushedRegions.reduce((n, id) => n + (instancesOf.get(id) ?? 0), 0),
        }
      : null;

  return {
    widen: { canaryRegions, canary, gate, alreadyHave: canary.SUCCESS, remaining },
    retryFailed,
    prePushFailed: prePush.filter((r) => r.status === 'FAILED'),
    pushedOnly,
    prePushed: [...pushedRegions].sort(),
    cleanable: reached
      .map((r) => ({ regionId: r.regionId, live: liveOf(r.counts) }))
      .sort((a, b) => a.regionId.localeCompare(b.regionId)),
  };
}

/** Instances a widen to `chosen` adds, by the application's inventory. */
export function widenAdds(remaining: readonly AppRegion[], chosen: readonly string[]): number {
  const set = new Set(chosen);
  return remaining.filter((r) => set.has(r.regionId)).reduce((n, r) => n + r.instanceCount, 0);
}

/** The ScheduleToRegionId policy every action sends: the regions named, never "all". */
export function regionStrategy(regionIds: readonly string[]) {
  return [{ name: 'ScheduleToRegionId' as const, operator: 'In' as const, values: [...regionIds] }];
}
