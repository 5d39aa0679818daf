import { formatCount } from '@/lib/domain/format';
import styles from './failure-reasons.module.css';

interface Props {
  reasons: readonly { statusDescrip: string; count: number }[];
  /** The table's current text filter, to mark the reason being shown. */
  activeQ: string;
  onSelect: (reason: string) => void;
}

/** Failures grouped by ENS's StatusDescrip, most common first; a click shows those instances. */
export function FailureReasons({ reasons, activeQ, onSelect }: Props) {
  if (reasons.length === 0)
    return (
      <p className="muted" style={{ margin: 0 }}>
        No failures so far.
      </p>
    );
  const max = Math.max(...reasons.map((r) => r.count));
  return (
    <ul className={styles.list}>
      {reasons.slice(0, 12).map((r) => {
        const label = r.statusDescrip || '(no description)';
        const selected = activeQ !== '' && activeQ === r.statusDescrip;
        return (
          <li key={r.statusDescrip}>
            <button
              type="button"
              className={`${styles.item} ${selected ? styles.selected : ''}`}
              aria-pressed={selected}
              title={label}
              onClick={() => onSelect(r.statusDescrip)}
            >
              <span className={styles.reason}>{label}</span>
              <span className={styles.count}>{formatCount(r.count)}</span>
              <span className={styles.meter} aria-hidden="true">
                <span style={{ width: `${(r.count / max) * 100}%` }} />
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
