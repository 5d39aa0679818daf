import { DIST_STATUSES, type DistStatus } from '@/lib/ens/models';

// The wire defines the statuses; the browser reads them through this vocabulary.
export { DIST_STATUSES, isDistStatus, type DistStatus } from '@/lib/ens/models';

/*
 * The status vocabulary every page, the watcher and the API share: counts by
 * DescribeDataDistResult status, and what follows from them (in flight, success rate,
 * the rollout's state). Computed here once; API models carry the results as fields.
 */

export type StatusCounts = Record<DistStatus, number>;

/** Zero counts for every status: the starting point of every tally. */
export function emptyCounts(): StatusCounts {
  return { SUCCESS: 0, DISTING: 0, FAILED: 0, POD_RESTARTING: 0, DELETED: 0 };
}

export function totalOf(counts: StatusCounts): number {
  return DIST_STATUSES.reduce((sum, s) => sum + counts[s], 0);
}

/** Instances that have not settled yet: distributing or waiting for their pod to restart. */
export function inFlightOf(counts: StatusCounts): number {
  return counts.DISTING + counts.POD_RESTARTING;
}

/** Instances that reached an outcome (success or failure). */
export function settledOf(counts: StatusCounts): number {
  return counts.SUCCESS + counts.FAILED;
}

/**
 * Share of SUCCESS among instances that still exist (DELETED ones can never succeed,
 * so counting them would cap a finished rollout below 100 %); null when there are none.
 */
export function successRate(counts: StatusCounts): number | null {
  const alive = totalOf(counts) - counts.DELETED;
  return alive > 0 ? counts.SUCCESS / alive : null;
}

export const ROLLOUT_STATES = ['no-instances', 'in-flight', 'done', 'done-with-failures'] as const;
/** Where one version's distribution stands, from its counts alone. */
export type RolloutState = (typeof ROLLOUT_STATES)[number];

export function rolloutState(counts: StatusCounts): RolloutState {
  if (totalOf(counts) === 0) return 'no-instances';
  if (inFlightOf(counts) > 0) return 'in-flight';
  return counts.FAILED > 0 ? 'done-with-failures' : 'done';
}

/** What the API carries next to a version's counts, so no reader derives it again. */
export interface StatusFigures {
  inFlight: number;
  successRate: number | null;
  state: RolloutState;
}

export function statusFigures(counts: StatusCounts): StatusFigures {
  return { inFlight: inFlightOf(counts), successRate: successRate(counts), state: rolloutState(counts) };
}

/** Label and colour per status; typed as a Record so a new status cannot be forgotten. */
export const STATUS_META: Record<DistStatus, { label: string; color: string; cssVar: string }> = {
  SUCCESS: { label: 'Success', color: '#009e73', cssVar: 'var(--st-success)' },
  DISTING: { label: 'Distributing', color: '#0072b2', cssVar: 'var(--st-disting)' },
  FAILED: { label: 'Failed', color: '#d55e00', cssVar: 'var(--st-failed)' },
  POD_RESTARTING: { label: 'Pod restarting', color: '#e69f00', cssVar: 'var(--st-restarting)' },
  DELETED: { label: 'Deleted', color: '#8c8c8c', cssVar: 'var(--st-deleted)' },
};
