import { totalOf, type StatusCounts } from './status';

/*
 * What a version's instance rows leave out. DescribeDataDistResult lists an instance
 * only once a distribution reached it: the instances of a region whose pre-push failed
 * (the dashboard skips distributing there) or is still running have no row at all, so
 * a count of rows silently shrinks the rollout to the regions that worked. The pre-push
 * answer and the application's inventory (instances per region) put them back:
 *
 * - a region whose pre-push FAILED and that has fewer rows than the inventory lists:
 *   the missing instances are **blocked**, with the pre-push's reason;
 * - a region still PUSHING: its missing instances are **waiting** behind the pre-push.
 *
 * A region pushed successfully but never distributed to is not counted: a pushed file
 * is not a rollout (a push-only version targets no instance).
 */

export const PRE_PUSH_STATUSES = ['SUCCESS', 'PUSHING', 'FAILED'] as const;
export type PrePushStatus = (typeof PRE_PUSH_STATUSES)[number];

export interface PrePushRegion {
  regionId: string;
  status: PrePushStatus;
  statusDescrip: string;
}

/** A region whose instances have no rows because its pre-push failed or is running. */
export interface HeldRegion {
  regionId: string;
  state: 'blocked' | 'waiting';
  /** Instances the inventory lists there without a row for this version. */
  instances: number;
  /** The pre-push's own words (for a failure), as ENS reported them. */
  reason: string;
}

export interface PrePushPhase {
  regions: number;
  done: number;
  pushing: number;
  failed: number;
}

export interface Coverage {
  /** Every instance the rollout aims at: rows, plus blocked and waiting instances. */
  targeted: number;
  blocked: number;
  waiting: number;
  /** Blocked regions first, then waiting; each by id. */
  held: HeldRegion[];
  /** The pre-push phase in numbers; null when ENS reports no pre-push for the version. */
  prePush: PrePushPhase | null;
}

export function coverageOf(
  rows: { total: number; byRegion: readonly { regionId: string; counts: StatusCounts }[] },
  prePush: readonly PrePushRegion[],
  inventory: ReadonlyMap<string, number>,
): Coverage {
  const rowsIn = new Map(rows.byRegion.map((r) => [r.regionId, totalOf(r.counts)]));
  const held: HeldRegion[] = [];
  for (const region of prePush) {
    if (region.status === 'SUCCESS') continue;
    const missing = Math.max(0, (inventory.get(region.regionId) ?? 0) - (rowsIn.get(region.regionId) ?? 0));
    if (missing === 0) continue;
    held.push({
      regionId: region.regionId,
      state: region.status === 'FAILED' ? 'blocked' : 'waiting',
      instances: missing,
      reason: region.statusDescrip,
    });
  }
  held.sort((a, b) => (a.state === b.state ? a.regionId.localeCompare(b.regionId) : a.state === 'blocked' ? -1 : 1));
  const sum = (state: HeldRegion['state']) =>
    held.filter((h) => h.state === state).reduce((n, h) => n + h.instances, 0);
  const blocked = sum('blocked');
  const waiting = sum('waiting');
  const count = (s: PrePushStatus) => prePush.filter((r) => r.status === s).length;
  return {
    targeted: rows.total + blocked + waiting,
    blocked,
    waiting,
    held,
    prePush:
      prePush.length === 0
        ? null
        : { regions: prePush.length, done: count('SUCCESS'), pushing: count('PUSHING'), failed: count('FAILED') },
  };
}

/**
 * Success among every targeted instance that still exists: blocked and waiting
 * instances count as not (yet) successful. Null when nothing is targeted.
 */
export function coveredSuccessRate(counts: StatusCounts, coverage: Pick<Coverage, 'targeted'>): number | null {
  const alive = coverage.targeted - counts.DELETED;
  return alive > 0 ? counts.SUCCESS / alive : null;
}

/** "Pre-pushing to 2 regions, 0 of 2 done", or null once no region is pushing. */
export function prePushSentence(phase: PrePushPhase | null): string | null {
  if (!phase || phase.pushing === 0) return null;
  const failed = phase.failed > 0 ? `, ${phase.failed} failed` : '';
  return `Pre-pushing to ${phase.regions} ${phase.regions === 1 ? 'region' : 'regions'}, ${phase.done} of ${phase.regions} done${failed}`;
}
