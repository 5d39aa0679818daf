import { z } from 'zod';
import {
  checkStageRegions,
  createRolloutBodySchema,
  type CreateRolloutBody,
  type StageInput,
} from '@/lib/contracts/rollouts';
import { formatPath, toInputIssues, type InputIssue } from '@/lib/ens/issues';
import { resolveRegions } from '@/lib/ens/strategy';
import type { TemplateStage } from '@/lib/domain/rollout-templates';
import { locateIssue, type FieldErrors } from '@/features/push/model/validate';
import type { PushDraft } from '@/features/push/model/draft';

/*
 * The staged rollout's plan while someone edits it: text as typed, blank meaning "the
 * default" (shown as a placeholder). A stage holds the regions it ADDS, so every stage
 * includes the previous stages' by construction; the body sends each stage's
 * cumulative list, which is what the API's strategy per stage means.
 */

export const GATE_FIELDS = [
  'minFinished',
  'maxFailed',
  'maxFailedPct',
  'minFinishedPct',
  'minSuccessPct',
  'stuckAfterSeconds',
] as const;
export type GateField = (typeof GATE_FIELDS)[number];

export const stageDraftSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Regions this stage adds to the previous stages'. */
  added: z.array(z.string()),
  /** Every region of the application (strategy null): the last stage only. */
  everyRegion: z.boolean(),
  gate: z.object({
    minFinished: z.string(),
    maxFailed: z.string(),
    maxFailedPct: z.string(),
    minFinishedPct: z.string(),
    minSuccessPct: z.string(),
    stuckAfterSeconds: z.string(),
  }),
  bakeSeconds: z.string(),
  approval: z.boolean(),
  approvalTimeoutSeconds: z.string(),
  onBreach: z.enum(['halt', 'rollback']),
});
export type StageDraft = z.infer<typeof stageDraftSchema>;

export const planDraftSchema = z.object({
  stages: z.array(stageDraftSchema),
  startApproval: z.boolean(),
  /** The attempt without a definitive answer yet (see features/push/model/idempotency.ts). */
  pending: z.object({ key: z.string(), fingerprint: z.string() }).nullable(),
});
export type PlanDraft = z.infer<typeof planDraftSchema>;

const newId = () => crypto.randomUUID();

export function emptyStage(name: string, everyRegion = false): StageDraft {
  return {
    id: newId(),
    name,
    added: [],
    everyRegion,
    gate: {
      minFinished: '',
      maxFailed: '',
      maxFailedPct: '',
      minFinishedPct: '',
      minSuccessPct: '',
      stuckAfterSeconds: '',
    },
    bakeSeconds: '',
    approval: false,
    approvalTimeoutSeconds: '',
    onBreach: 'halt',
  };
}

export function emptyPlan(): PlanDraft {
  return { stages: [emptyStage('canary'), emptyStage('all', true)], startApproval: false, pending: null };
}

/** Cumulative stages (a template's, a saved plan's) as drafts holding what each adds. */
export function stagesFromCumulative(
  stages: readonly TemplateStage[],
  regionIds: readonly string[],
  base?: (index: number) => Partial<StageDraft>,
): StageDraft[] {
  const seen = new Set<string>();
  return stages.map((stage, i) => {
    const every = stage.regions === null;
    const mine = stage.regions ?? [...regionIds];
    const added = every ? [] : mine.filter((r) => !seen.has(r));
    for (const r of mine) seen.add(r);
    return { ...emptyStage(stage.name, every), ...base?.(i), added };
  });
}

const text = (n: number | undefined) => (n === undefined ? '' : String(n));

/** A saved plan's stages back into drafts (regions resolved against the application's). */
export function stagesFromInputs(inputs: readonly StageInput[], regionIds: readonly string[]): StageDraft[] {
  const cumulative = inputs.map((s) => ({
    name: s.name,
    regions: s.strategy === null ? null : resolveRegions(s.strategy, regionIds),
  }));
  return stagesFromCumulative(cumulative, regionIds, (i) => {
    const s = inputs[i];
    if (!s) return {};
    return {
      gate: {
        minFinished: text(s.gate?.minFinished),
        maxFailed: text(s.gate?.maxFailed),
        maxFailedPct: text(s.gate?.maxFailedPct),
        minFinishedPct: text(s.gate?.minFinishedPct),
        minSuccessPct: text(s.gate?.minSuccessPct),
        stuckAfterSeconds: text(s.gate?.stuckAfterSeconds),
      },
      bakeSeconds: text(s.bakeSeconds),
      approval: s.approval ?? false,
      approvalTimeoutSeconds: text(s.approvalTimeoutSeconds),
      onBreach: s.onBreach ?? 'halt',
    };
  });
}

/** Each stage's regions, the previous stages' included; null for "every region". */
export function cumulativeRegions(stages: readonly StageDraft[]): (string[] | null)[] {
  const acc: string[] = [];
  return stages.map((s) => {
    if (s.everyRegion) return null;
    for (const r of s.added) if (!acc.includes(r)) acc.push(r);
    return [...acc];
  });
}

function numberOrBlank(value: string): number | undefined {
  const t = value.trim();
  if (t === '') return undefined;
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : Number.NaN;
}

/** The stages as the API takes them; blank fields are left out so the server's defaults apply. */
export function stageInputs(stages: readonly StageDraft[]): Record<string, unknown>[] {
  const regions = cumulativeRegions(stages);
  return stages.map((s, i) => {
    const gate: Record<string, number> = {};
    for (const f of GATE_FIELDS) {
      const n = numberOrBlank(s.gate[f]);
      if (n !== undefined) gate[f] = n;
    }
    const mine = regions[i];
    return {
      name: s.name,
      strategy:
        mine === null || mine === undefined ? null : [{ name: 'ScheduleToRegionId', operator: 'In', values: mine }],
      ...(Object.keys(gate).length > 0 ? { gate } : {}),
      ...(numberOrBlank(s.bakeSeconds) !== undefined ? { bakeSeconds: numberOrBlank(s.bakeSeconds) } : {}),
      approval: s.approval,
      ...(s.approval && numberOrBlank(s.approvalTimeoutSeconds) !== undefined
        ? { approvalTimeoutSeconds: numberOrBlank(s.approvalTimeoutSeconds) }
        : {}),
      onBreach: s.onBreach,
    };
  });
}

/** Where a stage's problem shows: `stage:<id>:<field>` (`gate.maxFailed`, `strategy`, `name`…). */
export const stageKey = (stageId: string, field: string) => `stage:${stageId}:${field}`;

const STAGE_FIELDS = ['name', 'strategy', 'bakeSeconds', 'approval', 'approvalTimeoutSeconds', 'onBreach'];

/** `stages.1.gate.maxFailed` → the key of stage 1's maxFailed field; data and distribute as the push form does. */
export function locatePlanIssue(path: string, plan: PlanDraft, push: Pick<PushDraft, 'files' | 'policies'>): string {
  const [head, index, field, sub] = path.split('.');
  if (head === 'stages') {
    const stage = index !== undefined && /^\d+$/.test(index) ? plan.stages[Number(index)] : undefined;
    if (!stage) return 'stages';
    if (field === 'gate' && sub !== undefined && (GATE_FIELDS as readonly string[]).includes(sub))
      return stageKey(stage.id, `gate.${sub}`);
    if (field !== undefined && STAGE_FIELDS.includes(field)) return stageKey(stage.id, field);
    return stageKey(stage.id, 'strategy');
  }
  if (head === 'data' || head === 'distribute') {
    const key = locateIssue(path, push);
    return key;
  }
  return 'form';
}

export function toPlanErrors(
  issues: readonly { path: string; message: string }[],
  plan: PlanDraft,
  push: Pick<PushDraft, 'files' | 'policies'>,
): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) errors[locatePlanIssue(issue.path, plan, push)] ??= issue.message;
  return errors;
}

export interface PlanValidation {
  errors: FieldErrors;
  body: Omit<CreateRolloutBody, 'idempotencyKey'> | undefined;
}

/**
 * The plan's stages checked with the API's own schema and region rules; `data` and
 * `distribute` come already validated by the push form's checks (their errors are the
 * push form's). No body until the regions are known.
 */
export function validatePlan(
  plan: PlanDraft,
  pushed: { data: unknown; distribute: unknown } | undefined,
  regionIds: readonly string[] | undefined,
  push: Pick<PushDraft, 'files' | 'policies'>,
): PlanValidation {
  const issues: InputIssue[] = [];
  const stages = stageInputs(plan.stages);
  plan.stages.forEach((s, i) => {
    if (!s.everyRegion && s.added.length === 0)
      issues.push({
        path: ['stages', i, 'strategy'],
        message: `Choose at least one region for stage ${s.name || i + 1}.`,
      });
  });
  const parsed = createRolloutBodySchema.safeParse({
    data: pushed?.data ?? [],
    distribute: pushed?.distribute ?? {},
    stages,
    startApproval: plan.startApproval,
  });
  if (!parsed.success) {
    // data and distribute are the push form's to report; only the plan's own problems here.
    issues.push(...toInputIssues(parsed.error).filter((i) => i.path[0] !== 'data' && i.path[0] !== 'distribute'));
  } else if (regionIds) {
    issues.push(...checkStageRegions(parsed.data.stages, regionIds).issues);
  }
  const errors = toPlanErrors(
    issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    plan,
    push,
  );
  const ready = issues.length === 0 && parsed.success && pushed !== undefined && regionIds !== undefined;
  return {
    errors,
    body: ready && parsed.success ? (({ idempotencyKey: _k, ...rest }) => rest)(parsed.data) : undefined,
  };
}
