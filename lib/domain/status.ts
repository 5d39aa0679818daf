import { DIST_STATUSES, emptyDistCounts, type DistStatus } from '@/lib/ens/models';

export { DIST_STATUSES, isDistStatus, type DistStatus } from '@/lib/ens/models';

export type StatusCounts = Record<DistStatus, number>;

export const emptyCounts: () => StatusCounts = emptyDistCounts;

export function totalOf(counts: StatusCounts): number {
  return DIST_STATUSES.reduce((sum, s) => sum + counts[s], 0);
}

/** Label and colour per status; typed as a Record so a new status cannot be forgotten. */
export const STATUS_META: Record<DistStatus, { label: string; color: string; cssVar: string }> = {
  SUCCESS: { label: 'Success', color: '#009e73', cssVar: 'var(--st-success)' },
  DISTING: { label: 'Distributing', color: '#0072b2', cssVar: 'var(--st-disting)' },
  FAILED: { label: 'Failed', color: '#d55e00', cssVar: 'var(--st-failed)' },
  POD_RESTARTING: { label: 'Pod restarting', color: '#e69f00', cssVar: 'var(--st-restarting)' },
  DELETED: { label: 'Deleted', color: '#8c8c8c', cssVar: 'var(--st-deleted)' },
};
