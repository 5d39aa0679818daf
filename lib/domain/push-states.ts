/*
 * The push audit log's vocabulary (README "Glossary"), shared by the database, the
 * API and the history page.
 */

/**
 * What a recorded push did. 'push': PushApplicationData only (pre-push, files reach
 * the file servers); 'distribute': push, then DistApplicationData per region as each
 * pre-push succeeds; 'distribution': a DistApplicationData on its own. The values
 * are stored and returned by GET /pushes as they are.
 */
export const PUSH_KINDS = ['push', 'distribute', 'distribution'] as const;
export type PushKind = (typeof PUSH_KINDS)[number];

/** Where the push call itself stands; 'unknown' when the process died before ENS answered. */
export const PUSH_STATES = ['pending', 'sent', 'failed', 'unknown'] as const;
export type PushState = (typeof PUSH_STATES)[number];

/** One region's phase of a push-and-distribute: waiting for its pre-push, then distributing. */
export const REGION_PHASE_STATES = ['waiting', 'distributing', 'sent', 'skipped', 'failed'] as const;
export type RegionPhaseState = (typeof REGION_PHASE_STATES)[number];

/**
 * Which version-page action a recorded push or distribution was (null: the push form or
 * the API without one). A clean is stored as kind 'distribution' with action 'clean':
 * the kind's check constraint cannot be widened on SQLite without rebuilding the table.
 */
export const PUSH_ACTIONS = ['widen', 'retry-failed', 'retry-prepush', 'distribute-pushed', 'clean'] as const;
export type PushAction = (typeof PUSH_ACTIONS)[number];
