import { z } from 'zod';
import { pushDataListSchema } from '@/lib/ens/data-files';
import { resolveRegions, strategySchema, validateStrategy } from '@/lib/ens/strategy';
import type { InputIssue } from '@/lib/ens/issues';
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
