import { z } from 'zod';
import { gateInputSchema, rollbackTargetSchema, type CreateRolloutBody } from '@/lib/contracts/rollouts';
import { STAGE_STATES, STAGED_ROLLOUT_STATES } from '@/lib/domain/rollout-states';
// The plan builder shows the same default bakes the engine applies.
import { defaultBake } from '@/lib/domain/rollout-templates';
import { pushDataListSchema } from '@/lib/ens/data-files';
import { strategySchema } from '@/lib/ens/strategy';

/*
 * A rollout as the engine keeps it: the plan, fixed at creation (regions resolved
 * against the application's regions then), and the progress the engine and the
 * manual actions move forward. Both are JSON columns (lib/db/rollout-repository.ts),
 * read back through these schemas.
 */

/** ENS unreadable this many evaluations in a row halts the rollout as inconclusive. */
export const INCONCLUSIVE_AFTER = 4;
/** A verifying stage with no verdict after this many stuck timeouts has timed out. */
export const STAGE_TIMEOUT_FACTOR = 2;

const distributeSchema = z.object({
  destPath: z.string(),
  decompress: z.boolean(),
  targetDirName: z.string().optional(),
  fileMode: z.string().optional(),
  timeout: z.number(),
});

export const planStageSchema = z.object({
  name: z.string(),
  strategy: strategySchema,
  /** Every region the stage covers, the previous stages' included. */
  regions: z.array(z.string()),
  /** The regions this stage adds: its push and distribution go there. */
  newRegions: z.array(z.string()),
  gate: gateInputSchema,
  bakeSeconds: z.number(),
  approval: z.boolean(),
  approvalTimeoutSeconds: z.number().optional(),
  onBreach: z.enum(['halt', 'rollback']),
});
export type PlanStage = z.output<typeof planStageSchema>;

export const planSchema = z.object({
  data: pushDataListSchema,
  distribute: distributeSchema,
  startApproval: z.boolean(),
  stages: z.array(planStageSchema).min(1),
});
export type RolloutPlan = z.output<typeof planSchema>;

const regionPrePushSchema = z.object({
  regionId: z.string(),
  status: z.enum(['PUSHING', 'SUCCESS', 'FAILED']),
  reason: z.string().optional(),
});

/** The gate's last evaluation, as the page shows it. */
export const gateRecordSchema = z.object({
  verdict: z.enum(['waiting', 'passing', 'pass', 'breaching', 'breach']),
  reason: z.string(),
  finished: z.number(),
  failed: z.number(),
  failureLimit: z.number(),
  finishedPct: z.number(),
  successPct: z.number().nullable(),
  consecutiveBreaches: z.number(),
  stuck: z.number(),
  missing: z.number(),
  counts: z.object({
    SUCCESS: z.number(),
    DISTING: z.number(),
    FAILED: z.number(),
    POD_RESTARTING: z.number(),
    DELETED: z.number(),
  }),
  evaluatedAt: z.number(),
});
export type GateRecord = z.output<typeof gateRecordSchema>;

export const stageProgressSchema = z.object({
  state: z.enum(STAGE_STATES),
  startedAt: z.number().optional(),
  /** Attempts of the pre-push (each a new idempotency key, after a person resumed); 0 = not sent. */
  prePushAttempt: z.number().default(0),
  prePush: z.array(regionPrePushSchema).default([]),
  /** Attempts of the distribution (0 = not sent); retries of failed instances count separately. */
  distAttempt: z.number().default(0),
  distributedAt: z.number().optional(),
  population: z.number().nullable().default(null),
  gate: gateRecordSchema.nullable().default(null),
  unreadable: z.number().default(0),
  lastFetchedAt: z.number().optional(),
  bakeEndsAt: z.number().optional(),
  approvalDeadline: z.number().optional(),
  passedAt: z.number().optional(),
  retries: z.number().default(0),
  /** A retry of failed instances asked for and not yet sent: the regions to send it to. */
  retryRegions: z.array(z.string()).optional(),
});
export type StageProgress = z.output<typeof stageProgressSchema>;

/** Why a rollout stopped for a person: decides what `resume` does. */
export const HALT_KINDS = ['breach', 'inconclusive', 'unknown', 'failed', 'timeout', 'pre-push'] as const;
export type HaltKind = (typeof HALT_KINDS)[number];

export const progressSchema = z.object({
  currentStage: z.number().nullable(),
  stopReason: z.string().optional(),
  halt: z.enum(HALT_KINDS).optional(),
  stages: z.array(stageProgressSchema),
  /** Each stage's instances' previous version of the files, recorded when the stage distributed. */
  previous: z.record(z.string(), z.array(rollbackTargetSchema)).default({}),
  rollback: z
    .object({
      stage: z.number(),
      targets: z.array(rollbackTargetSchema),
      sent: z.boolean(),
      sentAt: z.number().optional(),
      /** The newest read of the targets' rows when the rollback was sent: the gate waits for a later one. */
      readAfter: z.number().default(0),
      gate: gateRecordSchema.nullable().default(null),
    })
    .optional(),
});
export type RolloutProgress = z.output<typeof progressSchema>;

export const rolloutStateSchema = z.enum(STAGED_ROLLOUT_STATES);

/** The plan of a validated create body, with each stage's regions as checkStageRegions resolved them. */
export function planFromBody(body: CreateRolloutBody, regions: readonly (readonly string[])[]): RolloutPlan {
  const count = body.stages.length;
  return {
    data: body.data,
    distribute: body.distribute,
    startApproval: body.startApproval ?? false,
    stages: body.stages.map((stage, i) => ({
      name: stage.name,
      strategy: stage.strategy,
      regions: [...(regions[i] ?? [])],
      newRegions: (regions[i] ?? []).filter((r) => !(regions[i - 1] ?? []).includes(r)),
      gate: stage.gate ?? {},
      bakeSeconds: stage.bakeSeconds ?? defaultBake(i, count),
      approval: stage.approval ?? false,
      ...(stage.approvalTimeoutSeconds !== undefined ? { approvalTimeoutSeconds: stage.approvalTimeoutSeconds } : {}),
      onBreach: stage.onBreach ?? 'halt',
    })),
  };
}

export function initialProgress(plan: RolloutPlan): RolloutProgress {
  return {
    currentStage: null,
    stages: plan.stages.map(() => ({
      state: 'pending',
      prePushAttempt: 0,
      prePush: [],
      distAttempt: 0,
      population: null,
      gate: null,
      unreadable: 0,
      retries: 0,
    })),
    previous: {},
  };
}
