import type { RolloutSummary } from '@/lib/contracts/rollouts';
import { FINAL_STATES, NEEDS_A_PERSON } from '@/lib/domain/rollout-states';

export interface WaitingItem extends RolloutSummary {
  appName: string;
}

export const needsPerson = (r: RolloutSummary) => r.needsPerson || NEEDS_A_PERSON.includes(r.state);

/**
 * The rollouts worth a line: those waiting for a person first (longest waiting first),
 * then the others still in progress (most recently changed first). Finished ones are left out.
 */
export function waitingOrder<R extends RolloutSummary>(rollouts: readonly R[]): R[] {
  const live = rollouts.filter((r) => !FINAL_STATES.includes(r.state));
  const waiting = live.filter(needsPerson).sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
  const moving = live.filter((r) => !needsPerson(r)).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return [...waiting, ...moving];
}
