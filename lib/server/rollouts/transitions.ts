import type { RolloutEvent, StoredRollout } from '@/lib/db';
import type { StagedRolloutState } from '@/lib/domain/rollout-states';
import { FINAL_STATES } from '@/lib/domain/rollout-states';
import {
  planSchema,
  progressSchema,
  rolloutStateSchema,
  type HaltKind,
  type PlanStage,
  type RolloutPlan,
  type RolloutProgress,
  type StageProgress,
} from './model';

/*
 * The moves a rollout makes, shared by the engine and the manual actions so both
 * write the same progress and the same timeline sentences. A Change is one rollout
 * read at one revision, edited in memory, then written back in one update.
 */

export const ENGINE_ACTOR = 'engine';

export class Change {
  readonly plan: RolloutPlan;
  readonly progress: RolloutProgress;
  state: StagedRolloutState;
  readonly events: RolloutEvent[] = [];
  private readonly before: string;

  constructor(
    readonly stored: StoredRollout,
    readonly now: number,
  ) {
    this.plan = planSchema.parse(stored.plan);
    this.progress = progressSchema.parse(stored.progress);
    this.state = rolloutStateSchema.parse(stored.state);
    this.before = JSON.stringify([this.state, this.progress]);
  }

  get changed(): boolean {
    return this.events.length > 0 || JSON.stringify([this.state, this.progress]) !== this.before;
  }

  get final(): boolean {
    return FINAL_STATES.includes(this.state);
  }

  stageIndex(): number | null {
    return this.progress.currentStage;
  }

  stage(index: number): { plan: PlanStage; progress: StageProgress } {
    const plan = this.plan.stages[index];
    const progress = this.progress.stages[index];
    if (!plan || !progress) throw new Error(`rollout ${this.stored.id} has no stage ${index}`);
    return { plan, progress };
  }

  record(actor: string, action: string, reason: string, stage?: number): void {
    const name = stage === undefined ? undefined : this.plan.stages[stage]?.name;
    this.events.push({ at: this.now, actor, action, reason, ...(name ? { stage: name } : {}) });
  }

  halt(kind: HaltKind, reason: string, stage?: number): void {
    this.state = 'halted';
    this.progress.halt = kind;
    this.progress.stopReason = reason;
    this.record(ENGINE_ACTOR, 'halted', reason, stage);
  }

  /** The stage passed (gate and bake, or a person promoted it): the next one starts, or the rollout is done. */
  passStage(index: number, actor: string, reason: string): void {
    const { progress } = this.stage(index);
    progress.state = 'passed';
    progress.passedAt = this.now;
    progress.bakeEndsAt = undefined;
    progress.approvalDeadline = undefined;
    this.record(actor, 'stage-passed', reason, index);
    this.progress.halt = undefined;
    this.progress.stopReason = undefined;
    if (index + 1 < this.plan.stages.length) {
      this.progress.currentStage = index + 1;
      return;
    }
    this.state = 'succeeded';
    const took = formatDuration(this.now - this.stored.createdAt);
    this.record(ENGINE_ACTOR, 'succeeded', `All ${this.plan.stages.length} stages passed in ${took}`);
  }

  /** After the bake: wait for a person when the stage asks for approval, else pass. */
  afterBake(index: number): void {
    const { plan, progress } = this.stage(index);
    if (!plan.approval) {
      this.passStage(index, ENGINE_ACTOR, bakeSentence(plan));
      return;
    }
    progress.state = 'awaiting-approval';
    progress.bakeEndsAt = undefined;
    if (plan.approvalTimeoutSeconds !== undefined)
      progress.approvalDeadline = this.now + plan.approvalTimeoutSeconds * 1000;
    const next = this.plan.stages[index + 1];
    const what = next ? `widening to ${next.name} (${plural(next.newRegions.length, 'more region')})` : 'finishing';
    const deadline =
      plan.approvalTimeoutSeconds === undefined
        ? ''
        : `; pauses if nobody approves within ${formatDuration(plan.approvalTimeoutSeconds * 1000)}`;
    this.record(
      ENGINE_ACTOR,
      'awaiting-approval',
      `Stage ${plan.name} is healthy; waiting for approval before ${what}${deadline}`,
      index,
    );
  }
}

function bakeSentence(plan: PlanStage): string {
  return plan.bakeSeconds > 0
    ? `Baked ${formatDuration(plan.bakeSeconds * 1000)} with the gate holding`
    : 'Gate passed (no bake)';
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** 90 s → "1 min 30 s"; 2 h → "2 h". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  const parts = [h > 0 ? `${h} h` : '', m > 0 ? `${m} min` : '', h === 0 && rest > 0 ? `${rest} s` : ''];
  return parts.filter(Boolean).join(' ');
}
