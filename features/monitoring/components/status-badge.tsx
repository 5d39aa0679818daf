import { STATUS_META, type DistStatus } from '@/lib/domain/status';
import styles from './status-badge.module.css';

/** A status as colour swatch plus its word: never colour alone. */
export function StatusBadge({ status }: { status: DistStatus }) {
  return (
    <span className={styles.badge}>
      <span className={styles.dot} style={{ backgroundColor: STATUS_META[status].cssVar }} aria-hidden="true" />
      {STATUS_META[status].label}
    </span>
  );
}
