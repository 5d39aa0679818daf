/*
 * A staged rollout's states and the manual actions each admits. The engine and the
 * API read this one table, so a button the page offers is an action the server
 * accepts, and anything else is refused with the current state (409).
 */

export const STAGED_ROLLOUT_STATES = [
  'pending-approval',
  'running',
  'paused',
  'halted',
  'succeeded',
  'aborted',
  'rolling-back',
  'rolled-back',
  'rollback-failed',
] as const;
export type StagedRolloutState = (typeof STAGED_ROLLOUT_STATES)[number];

export const STAGE_STATES = [
  'pending',
  'pre-pushing',
  'distributing',
  'verifying',
  'baking',
  'awaiting-approval',
  'passed',
  'breached',
] as const;
export type StageState = (typeof STAGE_STATES)[number];

export const ROLLOUT_ACTIONS = [
  'pause',
  'resume',
  'approve',
  'promote',
  'extend-bake',
  'retry-failed',
  'abort',
  'rollback',
] as const;
export type RolloutAction = (typeof ROLLOUT_ACTIONS)[number];

/** States no action leaves: the rollout's story is over. */
export const FINAL_STATES: readonly StagedRolloutState[] = ['succeeded', 'aborted', 'rolled-back'];

/** States that wait for a person, listed first under "Waiting for you". */
export const NEEDS_A_PERSON: readonly StagedRolloutState[] = ['pending-approval', 'halted', 'rollback-failed'];

interface Admits {
  /** The rollout states the action is allowed in. */
  from: readonly StagedRolloutState[];
  /** The current stage's states it needs too, where it matters. */
  stage?: readonly StageState[];
  /** Where the rollout goes; undefined when the action changes the stage only. */
  to?: StagedRolloutState;
}

const ACTIONS: Record<RolloutAction, Admits> = {
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused', 'halted'], to: 'running' },
  // A start approval, or a stage waiting for one.
  approve: { from: ['pending-approval', 'running', 'paused'], stage: ['awaiting-approval'], to: 'running' },
  promote: { from: ['running'], stage: ['baking', 'awaiting-approval'] },
  'extend-bake': { from: ['running', 'paused'], stage: ['baking'] },
  // The same stage's failed instances only: never a wider target.
  'retry-failed': { from: ['running', 'paused', 'halted'], stage: ['distributing', 'verifying', 'baking', 'breached'] },
  abort: { from: ['pending-approval', 'running', 'paused', 'halted', 'rollback-failed'], to: 'aborted' },
  rollback: { from: ['halted', 'rollback-failed'], to: 'rolling-back' },
};

export interface ActionCheck {
  allowed: boolean;
  /** Where the rollout goes when allowed (unchanged when the action acts on the stage). */
  next: StagedRolloutState;
  /** Why not, in words, naming the current state. */
  reason?: string;
}

/** Whether `action` is admitted now, and where it leads. */
export function checkAction(action: RolloutAction, state: StagedRolloutState, stage: StageState | null): ActionCheck {
  const rule = ACTIONS[action];
  // A start approval comes before any stage.
  if (action === 'approve' && state === 'pending-approval') return { allowed: true, next: 'running' };
  if (!rule.from.includes(state)) {
    return { allowed: false, next: state, reason: `${action} is not possible while the rollout is ${state}` };
  }
  if (rule.stage && (stage === null || !rule.stage.includes(stage))) {
    return {
      allowed: false,
      next: state,
      reason: `${action} is not possible while the current stage is ${stage ?? 'not started'}`,
    };
  }
  return { allowed: true, next: rule.to ?? state };
}

/** The actions the page offers for this state: exactly those checkAction() admits. */
export function availableActions(state: StagedRolloutState, stage: StageState | null): RolloutAction[] {
  return ROLLOUT_ACTIONS.filter((a) => checkAction(a, state, stage).allowed);
}
