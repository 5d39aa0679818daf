'use client';

import type { StageView } from '@/lib/contracts/rollouts';
import { gateCards } from '@/features/rollouts/model/rollout-display';
import styles from './rollout.module.css';

const VERDICTS = {
  waiting: 'Waiting for enough finished instances',
  passing: 'Passing so far',
  pass: 'Passed',
  breaching: 'Breaching (awaiting confirmation)',
  breach: 'Breached',
} as const;

/** The current stage's gate: one card per metric against its threshold, and the gate's own sentence. */
export function GatePanel({ stage, index }: { stage: StageView; index: number }) {
  const { gate } = stage;
  const cards = gateCards(gate, stage.population);
  return (
    <div className="stack" data-testid="gate-panel">
      <p className={styles.sentence} data-testid="gate-reason">
        <strong>
          Gate of stage {index + 1}: {gate.verdict ? VERDICTS[gate.verdict] : 'not evaluated yet'}.
        </strong>{' '}
        {gate.reason ?? 'The first evaluation comes once the stage distributes.'}
      </p>
      <dl className={styles.cards}>
        {cards.map((c) => (
          <div key={c.id} className={styles.card} data-tone={c.tone} data-testid={`gate-card-${c.id}`}>
            <dt>{c.label}</dt>
            <dd className={styles.value}>{c.value}</dd>
            <dd className={styles.small}>{c.threshold}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
