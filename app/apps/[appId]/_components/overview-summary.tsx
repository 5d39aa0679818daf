import type { VersionSummaryModel } from '@/lib/contracts/monitoring';
import styles from './overview-summary.module.css';

/** Three numbers that answer "is anything going on, is anything wrong" before the table. */
export function OverviewSummary({ items }: { items: readonly VersionSummaryModel[] }) {
  const inFlight = items.filter((v) => v.inFlight > 0).length;
  const failing = items.filter((v) => v.counts.FAILED > 0).length;
  return (
    <dl className={styles.summary}>
      <div>
        <dt>Versions</dt>
        <dd>{items.length}</dd>
      </div>
      <div>
        <dt>Rollouts in flight</dt>
        <dd>{inFlight}</dd>
      </div>
      <div className={failing > 0 ? styles.bad : ''}>
        <dt>With failures</dt>
        <dd>{failing}</dd>
      </div>
    </dl>
  );
}
