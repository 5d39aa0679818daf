import { z } from 'zod';
import { pushDataListSchema } from '@/lib/ens/data-files';
import { resolveRegions, strategySchema, validateStrategy } from '@/lib/ens/strategy';
import type { InputIssue } from '@/lib/ens/issues';
import { ROLLOUT_ACTIONS, STAGE_STATES, STAGED_ROLLOUT_STATES } from '@/lib/domain/rollout-states';
import { distributeOptionsSchema, idempotencyKeySchema } from './push-bodies';

/*
 * The body of `POST /api/apps/{appId}/rollouts`: the push `data` as POST /pushes takes
 * it, the distribution settings, and ordered stages, each widening the last. Omitted
 * gate fields take the defaults of lib/domain/rollout-gate.ts.
 */

export const MAX_STAGES = 10;
const MAX_BAKE_SECONDS = 7 * 24 * 3600;

const percent = (field: string) =>
  z
    .number({ error: `${field} must be a number of percent` })
    .min(0, `${field} must be at least 0`)
    .max(100, `${field} must be at most 100`);
const count = (field: string) =>
  z
    .number({ error: `${field} must be a whole number` })
    .int(`${field} must be a whole number`)
    .min(0, `${field} must be at least 0`)
    .max(1_000_000, `${field} is too large`);

export const gateInputSchema = z.strictObject({
  minFinished: count('minFinished').min(1, 'minFinished must be at least 1').optional(),
  maxFailed: count('maxFailed').optional(),
  maxFailedPct: percent('maxFailedPct').optional(),
  minFinishedPct: percent('minFinishedPct').optional(),
  minSuccessPct: percent('minSuccessPct').optional(),
  stuckAfterSeconds: count('stuckAfterSeconds')
    .min(60, 'stuckAfterSeconds must be at least 60')
    .max(MAX_BAKE_SECONDS)
    .optional(),
});

export const stageInputSchema = z.strictObject({
  name: z
    .string({ error: 'name is required' })
    .trim()
    .min(1, 'name is required')
    .max(64, 'name must be at most 64 characters'),
  strategy: strategySchema,
  gate: gateInputSchema.optional(),
  bakeSeconds: count('bakeSeconds').max(MAX_BAKE_SECONDS, 'bakeSeconds must be at most a week').optional(),
  approval: z.boolean({ error: 'approval must be true or false' }).optional(),
  approvalTimeoutSeconds: count('approvalTimeoutSeconds').min(60).max(MAX_BAKE_SECONDS).optional(),
  onBreach: z.enum(['halt', 'rollback'], { error: 'onBreach must be halt or rollback' }).optional(),
});
export type StageInput = z.output<typeof stageInputSchema>;

export const createRolloutBodySchema = z
  .strictObject({
    data: pushDataListSchema,
    distribute: distributeOptionsSchema,
    stages: z
      .array(stageInputSchema, { error: 'stages must be a list' })
      .min(1, 'stages must list at least one stage')
      .max(MAX_STAGES, `stages must list at most ${MAX_STAGES}`),
    startApproval: z.boolean().optional(),
    idempotencyKey: idempotencyKeySchema.optional(),
  })
  .superRefine((body, ctx) => {
    body.stages.forEach((stage, i) => {
      if (stage.strategy === null && i !== body.stages.length - 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['stages', i, 'strategy'],
          message: 'only the last stage may target every region (strategy null)',
        });
      }
    });
    const names = body.stages.map((s) => s.name);
    names.forEach((name, i) => {
      if (names.indexOf(name) !== i)
        ctx.addIssue({ code: 'custom', path: ['stages', i, 'name'], message: `stage name ${name} is used twice` });
    });
  });
export type CreateRolloutBody = z.output<typeof createRolloutBodySchema>;

/**
 * What the application's regions decide: every strategy names known regions, each
 * stage's regions include all of the previous stages' (a stage only widens), and each
 * stage adds at least one region. The regions per stage, when there is no issue.
 */
export function checkStageRegions(
  stages: readonly StageInput[],
  appRegionIds: readonly string[],
): { issues: InputIssue[]; regions: string[][] } {
  const issues: InputIssue[] = [];
  const regions: string[][] = [];
  stages.forEach((stage, i) => {
    const strategyIssues = validateStrategy(stage.strategy, appRegionIds).map((issue) => ({
      ...issue,
      path: ['stages', i, ...issue.path],
    }));
    issues.push(...strategyIssues);
    const mine = strategyIssues.length === 0 ? resolveRegions(stage.strategy, appRegionIds) : [];
    const before = regions.at(-1);
    if (before && strategyIssues.length === 0) {
      const covered = new Set(mine);
      const dropped = before.filter((r) => !covered.has(r));
      if (dropped.length > 0) {
        issues.push({
          path: ['stages', i, 'strategy'],
          message: `stage ${stage.name} drops ${dropped.join(', ')} of the previous stage: each stage must include the previous stages' regions`,
        });
      } else if (mine.length === before.length) {
        issues.push({
          path: ['stages', i, 'strategy'],
          message: `stage ${stage.name} adds no region to the previous stage`,
        });
      }
    }
    regions.push(mine);
  });
  return { issues, regions: issues.length === 0 ? regions : [] };
}

/*
 * Answers of the rollout routes. The page reads exactly these; the engine's views are
 * built to them (lib/server/rollouts).
 */

export const rolloutActionBodySchema = z.strictObject({
  reason: z
    .string({ error: 'reason is required: say why, it goes on the timeline' })
    .trim()
    .min(1, 'reason is required: say why, it goes on the timeline')
    .max(500, 'reason must be at most 500 characters'),
  /** extend-bake only: how much longer to bake (default 600 s). */
  seconds: count('seconds').min(60, 'seconds must be at least 60').max(MAX_BAKE_SECONDS).optional(),
});
export type RolloutActionBody = z.output<typeof rolloutActionBodySchema>;

export const rolloutListQuerySchema = z.strictObject({
  state: z
    .enum(STAGED_ROLLOUT_STATES, { error: `state must be one of ${STAGED_ROLLOUT_STATES.join(', ')}` })
    .optional(),
  name: z.string().trim().min(1).max(256).optional(),
  /** With `name`: the rollouts of that file version (the version page's); alone: of any file at that version. */
  version: z.string().trim().min(1).max(256).optional(),
});

const gateViewSchema = z.object({
  minFinished: z.number(),
  maxFailed: z.number(),
  maxFailedPct: z.number(),
  minFinishedPct: z.number(),
  minSuccessPct: z.number().optional(),
  stuckAfterSeconds: z.number(),
  /** Null before the stage's first evaluation. */
  verdict: z.enum(['waiting', 'passing', 'pass', 'breaching', 'breach']).nullable(),
  reason: z.string().nullable(),
  finished: z.number(),
  failed: z.number(),
  failureLimit: z.number(),
  finishedPct: z.number(),
  successPct: z.number().nullable(),
  consecutiveBreaches: z.number(),
  stuck: z.number(),
  missing: z.number(),
  evaluatedAt: z.string().nullable(),
});
export type GateView = z.output<typeof gateViewSchema>;

const stageCountsSchema = z.object({
  SUCCESS: z.number(),
  DISTING: z.number(),
  FAILED: z.number(),
  POD_RESTARTING: z.number(),
  DELETED: z.number(),
});

export const stageViewSchema = z.object({
  name: z.string(),
  state: z.enum(STAGE_STATES),
  /** Every region this stage covers, the previous stages' included. */
  regions: z.array(z.string()),
  /** The regions this stage adds: where its push and distribution go. */
  newRegions: z.array(z.string()),
  /** The instances the stage's distribution targeted (N); null before it started. */
  population: z.number().nullable(),
  counts: stageCountsSchema,
  gate: gateViewSchema,
  bakeSeconds: z.number(),
  approval: z.boolean(),
  approvalTimeoutSeconds: z.number().optional(),
  onBreach: z.enum(['halt', 'rollback']),
  startedAt: z.string().optional(),
  distributedAt: z.string().optional(),
  bakeEndsAt: z.string().optional(),
  approvalDeadline: z.string().optional(),
  /** When the stuck timeout makes still-distributing instances count as failed. */
  stuckAt: z.string().optional(),
  passedAt: z.string().optional(),
  /** Pre-push of the stage's new regions, per region, once sent. */
  prePush: z.array(z.object({ regionId: z.string(), status: z.string(), reason: z.string().optional() })),
});
export type StageView = z.output<typeof stageViewSchema>;

export const timelineEntrySchema = z.object({
  at: z.string(),
  /** A person (their identity), or `engine` for the engine's own decisions. */
  actor: z.string(),
  action: z.string(),
  reason: z.string(),
  stage: z.string().optional(),
});
export type TimelineEntry = z.output<typeof timelineEntrySchema>;

export const rolloutViewSchema = z.object({
  rolloutId: z.string(),
  appId: z.string(),
  state: z.enum(STAGED_ROLLOUT_STATES),
  /** The data files, as pushed. */
  data: z.array(z.object({ name: z.string(), version: z.string() }).loose()),
  distribute: z.object({}).loose(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Index of the stage in progress (or where it stopped); null before the first. */
  currentStage: z.number().nullable(),
  /** Why the rollout stopped, in one sentence, while halted, paused or failed. */
  stopReason: z.string().optional(),
  stages: z.array(stageViewSchema),
  timeline: z.array(timelineEntrySchema),
  /** The actions the current state admits (lib/domain/rollout-states.ts). */
  actions: z.array(z.enum(ROLLOUT_ACTIONS)),
  /** ENS's clock when this answer was made: countdowns count from it. */
  now: z.string(),
});
export type RolloutView = z.output<typeof rolloutViewSchema>;

export const rolloutSummarySchema = z.object({
  rolloutId: z.string(),
  appId: z.string(),
  state: z.enum(STAGED_ROLLOUT_STATES),
  data: z.array(z.object({ name: z.string(), version: z.string() })),
  stageCount: z.number(),
  currentStage: z.number().nullable(),
  currentStageName: z.string().nullable(),
  currentStageState: z.enum(STAGE_STATES).nullable(),
  /** One sentence: where the rollout is, or why it waits. */
  headline: z.string(),
  needsPerson: z.boolean(),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RolloutSummary = z.output<typeof rolloutSummarySchema>;

export const rolloutListSchema = z.object({ rollouts: z.array(rolloutSummarySchema) });

export const createRolloutAnswerSchema = z.object({
  rolloutId: z.string(),
  state: z.enum(STAGED_ROLLOUT_STATES),
  stages: z.array(z.object({ name: z.string(), state: z.enum(STAGE_STATES), regions: z.array(z.string()) })),
});

/** One region's part of a rollback. */
export const rollbackTargetSchema = z.object({
  regionId: z.string(),
  /** distribute: the instances get `version` back; clean: they had none, the new version is removed. */
  action: z.enum(['distribute', 'clean']),
  name: z.string(),
  version: z.string(),
  instances: z.array(z.string()),
});
export type RollbackTarget = z.output<typeof rollbackTargetSchema>;

/** What a rollback would do, per region, before anyone confirms it. */
export const rollbackPreviewSchema = z.object({
  stage: z.string(),
  regions: z.array(rollbackTargetSchema),
});
export type RollbackPreview = z.output<typeof rollbackPreviewSchema>;

/** A plan saved per application: the stages without the data, reused from the push page. */
export const savedPlanBodySchema = z.strictObject({
  name: z.string().trim().min(1, 'name is required').max(64, 'name must be at most 64 characters'),
  stages: z.array(stageInputSchema).min(1, 'stages must list at least one stage').max(MAX_STAGES),
});
export const savedPlanSchema = z.object({
  planId: z.string(),
  name: z.string(),
  stages: z.array(stageInputSchema),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type SavedPlan = z.output<typeof savedPlanSchema>;
