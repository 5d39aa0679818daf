import { describe, expect, it } from 'vitest';
import type { GateView, StageView } from '@/lib/contracts/rollouts';
import { countdowns, gateCards, remainingMs, stagePlace } from './rollout-display';

const gate: GateView = {
  minFinished: 10,
  maxFailed: 5,
  maxFailedPct: 5,
  minFinishedPct: 95,
  stuckAfterSeconds: 1800,
  verdict: 'breach',
  reason: 'x',
  finished: 212,
  failed: 7,
  failureLimit: 5,
  finishedPct: 98.1,
  successPct: 96.7,
  consecutiveBreaches: 2,
  stuck: 1,
  missing: 0,
  evaluatedAt: null,
};

describe('gateCards', () => {
  it('shows each metric against its threshold, flagging the breached ones', () => {
    const cards = gateCards(gate, 216);
    expect(cards.map((c) => [c.id, c.value, c.tone])).toEqual([
      ['finished', '212 of 216', 'ok'],
      ['failed', '7 (1 stuck, 0 never seen)', 'bad'],
      ['finishedPct', '98.1 %', 'ok'],
      ['breaches', '2 of 2', 'bad'],
    ]);
    expect(cards[1]?.threshold).toBe('breach at 5 (the larger of 5 and 5 % of 216)');
  });

  it('adds the success card only when the gate asks for it', () => {
    const cards = gateCards({ ...gate, minSuccessPct: 99 }, 216);
    expect(cards.find((c) => c.id === 'successPct')).toMatchObject({ value: '96.7 %', tone: 'bad' });
  });
});

describe('remainingMs', () => {
  it("counts on ENS's clock: a browser clock hours off changes nothing", () => {
    const receivedAt = Date.parse('2030-01-01T00:00:00Z'); // the browser's (wrong) clock
    expect(remainingMs('2026-12-02T01:10:00Z', '2026-12-02T01:00:00Z', receivedAt, receivedAt + 30_000)).toBe(570_000);
    // Before the browser clock ticks (server render): from the answer's own time.
    expect(remainingMs('2026-12-02T01:10:00Z', '2026-12-02T01:00:00Z', receivedAt, null)).toBe(600_000);
  });
});

describe('countdowns and places', () => {
  const stage = { state: 'baking', bakeEndsAt: 'b', stuckAt: 's', approvalDeadline: 'a' } as unknown as StageView;
  it('shows the clocks that matter in the stage state', () => {
    expect(countdowns(stage).map((c) => c.id)).toEqual(['bake']);
    expect(countdowns({ ...stage, state: 'distributing' }).map((c) => c.id)).toEqual(['stuck']);
    expect(countdowns({ ...stage, state: 'awaiting-approval' }).map((c) => c.id)).toEqual(['approval']);
  });
  it('places stages around the current one', () => {
    expect([stagePlace(0, 1, 'passed'), stagePlace(1, 1, 'breached'), stagePlace(2, 1, 'pending')]).toEqual([
      'passed',
      'current',
      'pending',
    ]);
  });
});
