import { describe, expect, test } from 'vitest';
import {
  availableActions,
  checkAction,
  FINAL_STATES,
  ROLLOUT_ACTIONS,
  type RolloutAction,
  type StageState,
  type StagedRolloutState,
} from './rollout-states';

describe('checkAction()', () => {
  test.each<[RolloutAction, StagedRolloutState, StageState | null, StagedRolloutState]>([
    ['pause', 'running', 'distributing', 'paused'],
    ['resume', 'paused', 'baking', 'running'],
    ['resume', 'halted', 'breached', 'running'],
    ['approve', 'pending-approval', 'pending', 'running'],
    ['approve', 'running', 'awaiting-approval', 'running'],
    ['promote', 'running', 'baking', 'running'],
    ['extend-bake', 'running', 'baking', 'running'],
    ['retry-failed', 'halted', 'breached', 'halted'],
    ['abort', 'halted', 'breached', 'aborted'],
    ['rollback', 'halted', 'breached', 'rolling-back'],
    ['rollback', 'rollback-failed', 'breached', 'rolling-back'],
  ])('%s from %s (stage %s) leads to %s', (action, state, stage, next) => {
    expect(checkAction(action, state, stage)).toEqual({ allowed: true, next });
  });

  test.each<[RolloutAction, StagedRolloutState, StageState | null, string]>([
    ['pause', 'paused', 'baking', 'pause is not possible while the rollout is paused'],
    ['promote', 'running', 'distributing', 'promote is not possible while the current stage is distributing'],
    ['approve', 'running', 'baking', 'approve is not possible while the current stage is baking'],
    ['extend-bake', 'running', 'verifying', 'extend-bake is not possible while the current stage is verifying'],
    ['rollback', 'running', 'distributing', 'rollback is not possible while the rollout is running'],
    ['retry-failed', 'running', 'pending', 'retry-failed is not possible while the current stage is pending'],
    ['resume', 'succeeded', 'passed', 'resume is not possible while the rollout is succeeded'],
  ])('%s from %s (stage %s) is refused: %s', (action, state, stage, reason) => {
    expect(checkAction(action, state, stage)).toEqual({ allowed: false, next: state, reason });
  });

  test('a finished rollout admits no action', () => {
    for (const state of FINAL_STATES) expect(availableActions(state, 'passed')).toEqual([]);
  });

  test('the page offers exactly what the server admits', () => {
    const offered = availableActions('halted', 'breached');
    expect(offered).toEqual(['resume', 'retry-failed', 'abort', 'rollback']);
    for (const action of ROLLOUT_ACTIONS)
      expect(checkAction(action, 'halted', 'breached').allowed).toBe(offered.includes(action));
  });
});
