import type { PushAction, PushKind, PushState, RegionPhaseState } from '@/lib/domain/push-states';

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
  ens_calibrations: EnsCalibrationsTable;
  api_tokens: ApiTokensTable;
  rollouts: RolloutsTable;
  rollout_events: RolloutEventsTable;
  rollout_locks: RolloutLocksTable;
  rollout_plans: RolloutPlansTable;
  notification_channels: NotificationChannelsTable;
  notification_outbox: NotificationOutboxTable;
  notification_deliveries: NotificationDeliveriesTable;
  notification_attempts: NotificationAttemptsTable;
  notification_keys: NotificationKeysTable;
}

export interface NotificationChannelsTable {
  id: string;
  app_id: string;
  kind: string;
  name: string;
  /** Encrypted like the secret: chat webhook URLs carry their token. */
  url: string;
  /** The URL with its tokens masked, for the settings page. */
  url_hint: string;
  /** AES-256-GCM ciphertext (lib/server/notifications/secrets.ts); never read back to a client. */
  secret: string | null;
  /** JSON: event types, or ["*"]. */
  events: string;
  created_by: string;
  created_at: number;
}

/** Events to notify, written in the transaction of what they report. */
export interface NotificationOutboxTable {
  id: string;
  app_id: string;
  type: string;
  severity: string;
  occurred_at: number;
  /** JSON: the event with the state at the time it happened. */
  payload: string;
  created_at: number;
  /** 1 once delivery rows exist for the channels that want it. */
  dispatched: number;
}

export interface NotificationDeliveriesTable {
  channel_id: string;
  event_id: string;
  state: 'pending' | 'sent' | 'dead';
  attempts: number;
  next_at: number;
  created_at: number;
  updated_at: number;
}

export interface NotificationAttemptsTable {
  id: string;
  channel_id: string;
  /** JSON: the events this attempt carried (several for a digest). */
  event_ids: string;
  at: number;
  outcome: 'sent' | 'failed';
  http_status: number | null;
  latency_ms: number;
  error: string | null;
  digest: number;
  test: number;
}

export interface NotificationKeysTable {
  id: string;
  key: string;
}

export interface RolloutsTable {
  id: string;
  app_id: string;
  idempotency_key: string;
  /** What the create body asked for, key order aside: tells a retry from a reused key. */
  fingerprint: string;
  /** JSON: the data file names, for the list's name filter. */
  names: string;
  state: string;
  /** JSON: the plan as validated at create time (lib/server/rollouts/model.ts). */
  plan: string;
  /** JSON: the engine's progress per stage. */
  progress: string;
  /** Bumped on every update: writers that read an older revision retry. */
  revision: number;
  created_by: string;
  created_at: number;
  updated_at: number;
}

/** The decision timeline: append-only, ordered by seq within a rollout. */
export interface RolloutEventsTable {
  rollout_id: string;
  seq: number;
  at: number;
  actor: string;
  action: string;
  reason: string;
  stage: string | null;
}

/** Held while a rollout is active: one active rollout per (application, data file name). */
export interface RolloutLocksTable {
  app_id: string;
  name: string;
  rollout_id: string;
}

export interface RolloutPlansTable {
  id: string;
  app_id: string;
  name: string;
  stages: string;
  created_by: string;
  created_at: number;
}

/** What calibration found about one ENS endpoint (lib/server/calibration). */
export interface EnsCalibrationsTable {
  endpoint: string;
  /** JSON: the EnsDialect. */
  dialect: string;
  /** JSON: the report's notes and facts (calls, app probed, time skew seen). */
  report: string;
  calibrated_at: number;
}

export type WatchReason = 'pushed' | 'viewed';

export interface PushesTable {
  id: string;
  app_id: string;
  actor: string;
  kind: PushKind;
  /** Added by migration 0006: absent on rows written before it (read as null). */
  action: PushAction | null;
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
  dist_state: RegionPhaseState;
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
