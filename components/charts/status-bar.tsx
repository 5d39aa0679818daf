import { statusSegments } from '@/lib/domain/progress';
import { formatCount, formatPercent } from '@/lib/domain/format';
import { DIST_STATUSES, STATUS_META, type StatusCounts } from '@/lib/domain/status';
import styles from './status-bar.module.css';

interface Props {
  counts: StatusCounts;
  /** Text labels with counts under the bar; the colours never carry meaning alone. */
  legend?: boolean;
  /** Show zero counts in the legend too (detail page), not only the statuses present. */
  legendAll?: boolean;
  size?: 'normal' | 'tall';
}

/** Stacked status bar in the fixed status order, drawn with plain elements so it renders on the server. */
export function StatusBar({ counts, legend = true, legendAll = false, size = 'normal' }: Props) {
  const segments = statusSegments(counts);
  const description =
    segments.length === 0
      ? 'No instances'
      : segments.map((s) => `${STATUS_META[s.status].label} ${formatCount(s.count)}`).join(', ');
  const legendStatuses = legendAll ? DIST_STATUSES : segments.map((s) => s.status);
  return (
    <div>
      <div className={`${styles.bar} ${size === 'tall' ? styles.tall : ''}`} role="img" aria-label={description}>
        {segments.map((s) => (
          <span
            key={s.status}
            className={`${styles.seg} ${styles[s.status] ?? ''}`}
            style={{ width: `${s.fraction * 100}%`, backgroundColor: STATUS_META[s.status].cssVar }}
            title={`${STATUS_META[s.status].label}: ${formatCount(s.count)} (${formatPercent(s.fraction)})`}
          />
        ))}
      </div>
      {legend && legendStatuses.length > 0 ? (
        <ul className={styles.legend} aria-hidden="true">
          {legendStatuses.map((status) => (
            <li key={status}>
              <span
                className={`${styles.swatch} ${styles[status] ?? ''}`}
                style={{ backgroundColor: STATUS_META[status].cssVar }}
              />
              {STATUS_META[status].label} <b>{formatCount(counts[status])}</b>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
