/**
 * Distribution statuses as ENS reports them (DescribeDataDistResult), in the order
 * the dashboard shows them: done, in flight, failed, then the rarer two.
 */
export const DIST_STATUSES = ['SUCCESS', 'DISTING', 'FAILED', 'POD_RESTARTING', 'DELETED'] as const;
export type DistStatus = (typeof DIST_STATUSES)[number];

export type StatusCounts = Record<DistStatus, number>;

export function emptyCounts(): StatusCounts {
  return { SUCCESS: 0, DISTING: 0, FAILED: 0, POD_RESTARTING: 0, DELETED: 0 };
}

export function isDistStatus(value: string): value is DistStatus {
  return (DIST_STATUSES as readonly string[]).includes(value);
}

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
