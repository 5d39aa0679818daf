import type { GateView, StageView } from '@/lib/contracts/rollouts';
import { BREACH_CONFIRMATIONS } from '@/lib/domain/rollout-gate';
import type { RolloutAction, StagedRolloutState, StageState } from '@/lib/domain/rollout-states';

/*
 * What the rollout page derives from the API's answer, pure so it is tested without a
 * browser: the gate cards, the countdowns on ENS's clock, and the words for states.
 */

export type CardTone = 'ok' | 'warn' | 'bad' | 'neutral';

export interface GateCard {
  id: string;
  label: string;
  /** The live value, as shown. */
  value: string;
  /** The threshold it is held against, in words. */
  threshold: string;
  tone: CardTone;
}

const pct = (v: number) => `${v.toFixed(1)} %`;

/** One card per metric of the gate: its live value against its threshold. */
export function gateCards(gate: GateView, population: number | null): GateCard[] {
  const n = population ?? 0;
  const cards: GateCard[] = [
    {
      id: 'finished',
      label: 'Finished (sample size)',
      value: `${gate.finished} of ${n}`,
      threshold: `verdict from ${gate.minFinished} finished`,
      tone: gate.finished >= gate.minFinished ? 'ok' : 'neutral',
    },
    {
      id: 'failed',
      label: 'Failed',
      value: `${gate.failed}${gate.stuck + gate.missing > 0 ? ` (${gate.stuck} stuck, ${gate.missing} never seen)` : ''}`,
      threshold: `breach at ${gate.failureLimit} (the larger of ${gate.maxFailed} and ${gate.maxFailedPct} % of ${n})`,
      tone: gate.failed >= gate.failureLimit ? 'bad' : gate.failed > 0 ? 'warn' : 'ok',
    },
    {
      id: 'finishedPct',
      label: 'Finished share',
      value: pct(gate.finishedPct),
      threshold: `pass at ${pct(gate.minFinishedPct)}`,
      tone: gate.finishedPct >= gate.minFinishedPct ? 'ok' : 'neutral',
    },
  ];
  if (gate.minSuccessPct !== undefined) {
    cards.push({
      id: 'successPct',
      label: 'Succeeded of finished',
      value: gate.successPct === null ? '—' : pct(gate.successPct),
      threshold: `at least ${pct(gate.minSuccessPct)}`,
      tone: gate.successPct === null ? 'neutral' : gate.successPct >= gate.minSuccessPct ? 'ok' : 'bad',
    });
  }
  cards.push({
    id: 'breaches',
    label: 'Consecutive breaching evaluations',
    value: `${gate.consecutiveBreaches} of ${BREACH_CONFIRMATIONS}`,
    threshold: `a breach is confirmed on ${BREACH_CONFIRMATIONS}`,
    tone: gate.consecutiveBreaches >= BREACH_CONFIRMATIONS ? 'bad' : gate.consecutiveBreaches > 0 ? 'warn' : 'ok',
  });
  return cards;
}

/**
 * Milliseconds left until `at` on ENS's clock. `answerNow` is ENS's time when the answer
 * was made and `receivedAt` the browser's when it arrived; the browser's clock only
 * measures the time since then, so a skewed browser clock shifts nothing.
 */
export function remainingMs(at: string, answerNow: string, receivedAt: number, browserNow: number | null): number {
  const elapsed = browserNow === null ? 0 : Math.max(0, browserNow - receivedAt);
  return Date.parse(at) - (Date.parse(answerNow) + elapsed);
}

export interface Countdown {
  id: 'bake' | 'stuck' | 'approval';
  label: string;
  at: string;
}

/** The current stage's clocks that matter in its state. */
export function countdowns(stage: StageView): Countdown[] {
  const out: Countdown[] = [];
  if (stage.bakeEndsAt && stage.state === 'baking')
    out.push({ id: 'bake', label: 'Bake ends in', at: stage.bakeEndsAt });
  if (stage.stuckAt && (stage.state === 'distributing' || stage.state === 'verifying'))
    out.push({ id: 'stuck', label: 'Stuck timeout in', at: stage.stuckAt });
  if (stage.approvalDeadline && stage.state === 'awaiting-approval')
    out.push({ id: 'approval', label: 'Approval times out in', at: stage.approvalDeadline });
  return out;
}

export const ROLLOUT_STATE_LABELS: Record<StagedRolloutState, string> = {
  'pending-approval': 'Waiting for approval to start',
  running: 'Running',
  paused: 'Paused',
  halted: 'Halted',
  succeeded: 'Succeeded',
  aborted: 'Aborted',
  'rolling-back': 'Rolling back',
  'rolled-back': 'Rolled back',
  'rollback-failed': 'Rollback failed',
};

/** How a rollout state's badge is toned, on its page and on the version page it drives. */
export const ROLLOUT_STATE_TONES: Record<StagedRolloutState, CardTone> = {
  'pending-approval': 'warn',
  running: 'neutral',
  paused: 'warn',
  halted: 'bad',
  succeeded: 'ok',
  aborted: 'neutral',
  'rolling-back': 'warn',
  'rolled-back': 'neutral',
  'rollback-failed': 'bad',
};

export const STAGE_STATE_LABELS: Record<StageState, string> = {
  pending: 'Pending',
  'pre-pushing': 'Pre-pushing',
  distributing: 'Distributing',
  verifying: 'Verifying',
  baking: 'Baking',
  'awaiting-approval': 'Awaiting approval',
  passed: 'Passed',
  breached: 'Breached',
};

export const ACTION_LABELS: Record<RolloutAction, string> = {
  pause: 'Pause',
  resume: 'Resume',
  approve: 'Approve',
  promote: 'Promote now',
  'extend-bake': 'Extend the bake',
  'retry-failed': 'Retry failed instances',
  abort: 'Abort',
  rollback: 'Roll back',
};

export const ACTION_HINTS: Record<RolloutAction, string> = {
  pause: 'The engine stops starting anything new until someone resumes.',
  resume: 'The engine continues from where the rollout stopped.',
  approve: 'The rollout goes on to the next step.',
  promote: 'Skips the rest of the bake and starts the next stage now.',
  'extend-bake': 'The stage bakes longer before it promotes.',
  'retry-failed': "Re-distributes to this stage's failed instances only: the target never widens.",
  abort: 'Stops the rollout for good. Instances keep what they have.',
  rollback: "Gives the stage's instances back their previous version (or removes the new one where there was none).",
};

/** Where the stage strip puts a stage: done, the one in progress (or stopped at), or still to come. */
export function stagePlace(index: number, current: number | null, state: StageState): 'passed' | 'current' | 'pending' {
  if (state === 'passed') return 'passed';
  if (current !== null && index === current) return 'current';
  if (current !== null && index < current) return 'passed';
  return 'pending';
}
