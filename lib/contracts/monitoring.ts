import { z } from 'zod';
import { DIST_STATUSES, PUSH_STATUSES } from '@/lib/ens/models';
import { ROLLOUT_STATES, type StatusCounts } from '@/lib/domain/status';

/*
 * What the browser receives from the dashboard's API, parsed rather than cast: a
 * route that drifts from the contract fails loudly here instead of drawing NaN bars.
 * Shared by the client queries and the server pages' first render.
 */

const count = z.number().int().nonnegative().default(0);

export const countsSchema = z
  .object({ SUCCESS: count, DISTING: count, FAILED: count, POD_RESTARTING: count, DELETED: count })
  .transform((c): StatusCounts => c);

/** ISO string or epoch ms; both become epoch ms so "N s ago" is one subtraction. */
const instant = z.union([z.string(), z.number()]).transform((v) => (typeof v === 'number' ? v : Date.parse(v)));

/** Derived once on the server (lib/domain/status.ts), so every reader shows the same figure. */
const statusFigures = {
  inFlight: z.number().int().nonnegative(),
  successRate: z.number().min(0).max(1).nullable(),
  state: z.enum(ROLLOUT_STATES),
};

const upstreamError = z.object({ code: z.string(), message: z.string() }).optional();

/** False when the read behind the answer could not be shown to hold every row: the numbers are a lower bound. */
const complete = z.boolean().default(true);
const incompleteReason = z.string().optional();

export const versionSummarySchema = z.object({
  name: z.string(),
  version: z.string(),
  total: z.number().int().nonnegative(),
  counts: countsSchema,
  ...statusFigures,
  updatedAt: z.string().nullable().default(null),
  /** Success share over time rebuilt from the overview's own read (lib/domain/reconstruct.ts); absent until read. */
  trend: z.array(z.number().min(0).max(1)).optional(),
  /** Rows plus the instances held behind a failed or running pre-push; absent when none are. */
  targeted: z.number().int().nonnegative().optional(),
});
export type VersionSummaryModel = z.output<typeof versionSummarySchema>;

export const distributionResponseSchema = z.object({
  items: z.array(versionSummarySchema),
  fetchedAt: instant,
  stale: z.boolean().default(false),
  error: upstreamError,
  complete,
  incompleteReason,
});
export type DistributionResponse = z.output<typeof distributionResponseSchema>;

/** ENS's clock when the answer was made, and its offset from the server's (lib/ens/clock.ts). */
const ensClock = {
  ensNow: instant.optional(),
  ensOffsetMs: z.number().finite().default(0),
};

/** Instances the rows leave out: blocked or waiting behind their region's pre-push (lib/domain/coverage.ts). */
export const coverageSchema = z.object({
  targeted: z.number().int().nonnegative(),
  blocked: z.number().int().nonnegative(),
  waiting: z.number().int().nonnegative(),
  held: z.array(
    z.object({
      regionId: z.string(),
      state: z.enum(['blocked', 'waiting']),
      instances: z.number().int().nonnegative(),
      reason: z.string(),
    }),
  ),
  prePush: z
    .object({
      regions: z.number().int().nonnegative(),
      done: z.number().int().nonnegative(),
      pushing: z.number().int().nonnegative(),
      failed: z.number().int().nonnegative(),
    })
    .nullable(),
});
export type CoverageModel = z.output<typeof coverageSchema>;

export const stragglersSchema = z.object({
  count: z.number().int().nonnegative(),
  instanceIds: z.array(z.string()),
});

export const detailResponseSchema = z.object({
  name: z.string(),
  version: z.string(),
  total: z.number().int().nonnegative(),
  counts: countsSchema,
  ...statusFigures,
  byRegion: z.array(z.object({ regionId: z.string(), counts: countsSchema })),
  failureReasons: z.array(z.object({ statusDescrip: z.string(), count: z.number().int().nonnegative() })),
  fetchedAt: instant,
  stale: z.boolean().default(false),
  error: upstreamError,
  complete,
  incompleteReason,
  /** Null when the pre-push answer or the inventory could not be read: the rows are all there is. */
  coverage: coverageSchema.nullable().default(null),
  /** Null when the rows behind the answer are not at hand (a replica's snapshot). */
  stragglers: stragglersSchema.nullable().default(null),
  ...ensClock,
});
export type DetailResponse = z.output<typeof detailResponseSchema>;

export const instanceRowSchema = z.object({
  instanceId: z.string(),
  regionId: z
    .string()
    .nullish()
    .transform((v) => v ?? ''),
  status: z.enum(DIST_STATUSES),
  statusDescrip: z.string().default(''),
  startTime: z.string().default(''),
  updateTime: z.string().default(''),
});
export type InstanceRow = z.output<typeof instanceRowSchema>;

const facetsSchema = z.object({
  status: countsSchema,
  reasons: z.array(z.object({ statusDescrip: z.string(), count: z.number().int().nonnegative() })),
  regions: z.array(z.object({ regionId: z.string(), count: z.number().int().nonnegative() })),
});

export const instancesResponseSchema = z.object({
  rows: z.array(instanceRowSchema),
  /** The counts beside each filter, each under the other active filters (lib/domain/version-detail.ts). */
  facets: facetsSchema.optional(),
  ensOffsetMs: ensClock.ensOffsetMs,
  total: z.number().int().nonnegative(),
  page: z.number().int(),
  pageSize: z.number().int(),
  fetchedAt: instant.optional(),
  stale: z.boolean().default(false),
  error: upstreamError,
  complete,
  incompleteReason,
});
export type InstancesResponse = z.output<typeof instancesResponseSchema>;

const epochMs = z.number();
const durationMs = z.number().nonnegative();

/** Rollout timing from the rebuilt history (lib/domain/reconstruct.ts). */
export const rolloutTimingSchema = z.object({
  pushedAt: epochMs.nullable(),
  targeted: z.number().int().nonnegative(),
  toPercent: z.array(z.object({ pct: z.number(), ms: durationMs.nullable() })),
  slowestRegions: z.array(
    z.object({
      regionId: z.string(),
      succeeded: z.number().int().nonnegative(),
      medianMs: durationMs,
      p90Ms: durationMs,
    }),
  ),
});
export type RolloutTimingModel = z.output<typeof rolloutTimingSchema>;

export const historyResponseSchema = z.object({
  /** Recorded snapshots since `since`. */
  points: z.array(z.object({ t: instant, counts: countsSchema })),
  /** Recorded snapshots merged with the history rebuilt from the rows' timestamps; each point says which. */
  series: z
    .array(z.object({ t: epochMs, counts: countsSchema, source: z.enum(['recorded', 'reconstructed']) }))
    .default([]),
  /** What the rebuilt part rests on; null when this server holds no read of the version's rows yet. */
  reconstruction: z
    .object({
      asOf: epochMs,
      pushedAt: epochMs.nullable(),
      skewed: z.number().int().nonnegative(),
      untimed: z.number().int().nonnegative(),
      prePush: z.array(
        z.object({
          regionId: z.string(),
          status: z.enum(PUSH_STATUSES),
          startedAt: epochMs.nullable(),
          finishedAt: epochMs.nullable(),
        }),
      ),
    })
    .nullable()
    .default(null),
  timing: rolloutTimingSchema.nullable().default(null),
});
export type HistoryResponse = z.output<typeof historyResponseSchema>;
export type HistoryPoint = z.output<typeof historyResponseSchema>['points'][number];

export const pushStatusResponseSchema = z.object({
  regions: z.array(
    z.object({
      regionId: z.string(),
      status: z.enum(PUSH_STATUSES),
      statusDescrip: z.string().default(''),
      startTime: z.string().default(''),
      updateTime: z.string().default(''),
    }),
  ),
});
export type PushStatusResponse = z.output<typeof pushStatusResponseSchema>;

export const appsResponseSchema = z.object({
  apps: z.array(z.looseObject({ appId: z.string(), name: z.string() })),
});
export type AppModel = z.output<typeof appsResponseSchema>['apps'][number];
