import type { RolloutState } from '@/lib/domain/status';
import styles from './rollout-state-label.module.css';

const LABELS: Record<RolloutState, string> = {
  'no-instances': 'No instances',
  'in-flight': 'In flight',
  done: 'Complete',
  'done-with-failures': 'Complete with failures',
};

/** One word for where a rollout stands, so a long table can be scanned for trouble. */
export function RolloutStateLabel({ state, failed }: { state: RolloutState; failed: number }) {
  // In flight stays blue even with failures: the Failed column already says so.
  const failing = failed > 0 && state !== 'in-flight';
  return (
    <span className={`${styles.label} ${styles[state] ?? ''} ${failing ? styles.failing : ''}`}>{LABELS[state]}</span>
  );
}
