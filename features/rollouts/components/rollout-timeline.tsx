import type { TimelineEntry } from '@/lib/contracts/rollouts';
import { formatTimestamp } from '@/lib/domain/format';
import styles from './rollout.module.css';

/** Every decision, newest first: who (a person, or the engine with its numbers), what and why. */
export function RolloutTimeline({ entries }: { entries: TimelineEntry[] }) {
  if (entries.length === 0) return <p className="muted">Nothing recorded yet.</p>;
  const newestFirst = [...entries].reverse();
  return (
    <ol className={styles.timeline} data-testid="timeline" reversed>
      {newestFirst.map((e, i) => (
        <li key={`${e.at}-${i}`}>
          <time className={styles.when} dateTime={e.at}>
            {formatTimestamp(e.at)} UTC
          </time>
          <div className={styles.what}>
            <strong>{e.action}</strong>
            {e.stage ? ` · stage ${e.stage}` : ''} · <span className="muted">{e.actor}</span>
            <div>{e.reason}</div>
          </div>
        </li>
      ))}
    </ol>
  );
}
