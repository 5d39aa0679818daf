import type { ColumnType, Generated } from 'kysely';

/**
 * Row types of the tables, as both engines store them. Portable on purpose:
 * - identifiers are lower snake_case, so PostgreSQL needs no quoting;
 * - times are epoch milliseconds (`bigint` on PostgreSQL, `integer` on SQLite; the
 *   pg pool parses int8 as a JS number, see connection.ts);
 * - JSON is text on both engines and parsed with zod when read (json-column.ts);
 * - no boolean columns (SQLite has none).
 */
export interface DatabaseSchema {
  pushes: PushesTable;
  push_files: PushFilesTable;
  push_regions: PushRegionsTable;
  status_snapshots: StatusSnapshotsTable;
  watch_targets: WatchTargetsTable;
  rollouts: RolloutsTable;
  rollout_events: RolloutEventsTable;
  api_tokens: ApiTokensTable;
}

/**
 * 'push': PushApplicationData only; 'distribute': push, then DistApplicationData per
 * region as each pre-push succeeds; 'distribution': a DistApplicationData on its own.
 */
export type PushKind = 'push' | 'distribute' | 'distribution';
export type PushState = 'pending' | 'sent' | 'failed' | 'unknown';
export type DistState = 'waiting' | 'distributing' | 'sent' | 'skipped' | 'failed';
export type WatchReason = 'pushed' | 'viewed' | 'rollout';

export interface PushesTable {
  id: string;
  app_id: string;
  actor: string;
  kind: PushKind;
  idempotency_key: string;
  state: PushState;
  data: string;
  strategy: string | null;
  distribute: string | null;
  request_id: string | null;
  result_codes: string | null;
  error: string | null;
  created_at: number;
  updated_at: number;
}

/** One row per file of a push, so history can filter by name/version with an index. */
export interface PushFilesTable {
  push_id: string;
  position: number;
  name: string;
  version: string;
}

export interface PushRegionsTable {
  push_id: string;
  region_id: string;
  push_status: string | null;
  dist_state: DistState;
  dist_request_id: string | null;
  dist_result_codes: string | null;
  error: string | null;
  updated_at: number;
}

export interface StatusSnapshotsTable {
  app_id: string;
  name: string;
  version: string;
  t: number;
  counts: string;
  by_region: string;
  total: number;
}

export interface WatchTargetsTable {
  app_id: string;
  name: string;
  version: string;
  reason: WatchReason;
  last_requested_at: number;
  expires_at: number;
}

export interface RolloutsTable {
  id: string;
  app_id: string;
  name: string;
  version: string;
  plan: string;
  state: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface RolloutEventsTable {
  /** Autoincrement on SQLite, identity on PostgreSQL: orders events within one ms. */
  id: Generated<number>;
  rollout_id: string;
  t: number;
  kind: string;
  detail: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  /** SHA-256 of the token, hex: tokens carry 256 random bits, so a fast hash suffices. */
  token_hash: string;
  role: 'viewer' | 'operator' | 'approver' | 'admin';
  app_id: string | null;
  created_by: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
  revoked_by: string | null;
}
