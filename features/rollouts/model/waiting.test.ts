import { describe, expect, it } from 'vitest';
import type { RolloutSummary } from '@/lib/contracts/rollouts';
import { waitingOrder } from './waiting';

const r = (
  rolloutId: string,
  state: RolloutSummary['state'],
  updatedAt: string,
  needsPerson = false,
): RolloutSummary => ({
  rolloutId,
  appId: 'app',
  state,
  data: [],
  stageCount: 2,
  currentStage: 0,
  currentStageName: 'canary',
  currentStageState: 'distributing',
  headline: '',
  needsPerson,
  createdBy: 'x',
  createdAt: updatedAt,
  updatedAt,
});

describe('waitingOrder', () => {
  it('puts rollouts that need a person first, then those in progress, and leaves out finished ones', () => {
    const order = waitingOrder([
      r('running-old', 'running', '2026-01-01T00:00:00Z'),
      r('halted-new', 'halted', '2026-01-03T00:00:00Z'),
      r('done', 'succeeded', '2026-01-04T00:00:00Z'),
      r('approval', 'running', '2026-01-05T00:00:00Z', true),
      r('rb-failed', 'rollback-failed', '2026-01-02T00:00:00Z'),
      r('running-new', 'running', '2026-01-06T00:00:00Z'),
    ]);
    expect(order.map((x) => x.rolloutId)).toEqual([
      'rb-failed',
      'halted-new',
      'approval',
      'running-new',
      'running-old',
    ]);
  });
});
