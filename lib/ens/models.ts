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

export function isDistStatus(v: string): v is DistStatus {
  return (DIST_STATUSES as readonly string[]).includes(v);
}

export function isPushStatus(v: string): v is PushStatus {
  return (PUSH_STATUSES as readonly string[]).includes(v);
}
