/*
 * Status vocabularies of ENS data distribution, shared by server and browser (charts key
 * their colours and labels by these, typed Record<DistStatus, …> so none is forgotten).
 */

/** Per-instance distribution status (DescribeDataDistResult), in the order charts stack them. */
export const DIST_STATUSES = ['SUCCESS', 'DISTING', 'FAILED', 'POD_RESTARTING', 'DELETED'] as const;
export type DistStatus = (typeof DIST_STATUSES)[number];

/** Per-region pre-push status (DescribeDataPushResult). */
export const PUSH_STATUSES = ['SUCCESS', 'PUSHING', 'FAILED'] as const;
export type PushStatus = (typeof PUSH_STATUSES)[number];

/** PushApplicationData ResultCode values (reference §1.1). */
export const PUSH_RESULT_CODES = {
  0: 'pushed',
  100: 'already pushed',
  200: 'already being pushed',
  300: 'push failed',
} as const;

export function isDistStatus(v: string): v is DistStatus {
  return (DIST_STATUSES as readonly string[]).includes(v);
}

export function isPushStatus(v: string): v is PushStatus {
  return (PUSH_STATUSES as readonly string[]).includes(v);
}

/** Zero counts for every status: the starting point of every tally. */
export function emptyDistCounts(): Record<DistStatus, number> {
  return { SUCCESS: 0, DISTING: 0, FAILED: 0, POD_RESTARTING: 0, DELETED: 0 };
}
