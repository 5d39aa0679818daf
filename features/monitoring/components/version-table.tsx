import Link from 'next/link';
import { paths } from '@/lib/paths';
import { StatusBar } from '@/components/charts/status-bar';
import { TruncatedText } from '@/components/ui/truncated-text';
import type { VersionSummaryModel } from '@/lib/contracts/monitoring';
import { formatCount, formatPercent, formatTimestamp } from '@/lib/domain/format';
import type { OverviewSortKey } from '@/lib/contracts/overview-params';
import { RolloutStateLabel } from './rollout-state-label';
import { SortHeader } from './sort-header';
import { VersionSparkline } from './version-sparkline';
import styles from './version-table.module.css';

interface Props {
  appId: string;
  rows: readonly VersionSummaryModel[];
  sort: OverviewSortKey;
  order: 'asc' | 'desc';
  onSort: (column: OverviewSortKey) => void;
}

/** Every data file × version of an application with its stacked status bar and the numbers that matter. */
export function VersionTable({ appId, rows, sort, order, onSort }: Props) {
  const header = (column: OverviewSortKey, label: string, className?: string) => (
    <SortHeader column={column} sort={sort} order={order} onSort={onSort} className={className}>
      {label}
    </SortHeader>
  );
  return (
    <div className={styles.wrap}>
      <table className={`data ${styles.table}`}>
        <caption className="sr-only">Data file versions, their distribution status and progress</caption>
        <thead>
          <tr>
            {header('name', 'Data file · version', styles.name)}
            <th scope="col" className={styles.bar}>
              Status
            </th>
            {header('success', 'Success', `num ${styles.numCol}`)}
            {header('failed', 'Failed', `num ${styles.numCol}`)}
            {header('inflight', 'In flight', `num ${styles.numCol}`)}
            {header('total', 'Instances', `num ${styles.numCol}`)}
            {header('updated', 'Last update', styles.updated)}
            <th scope="col" className={styles.trend}>
              Trend
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((v) => {
            const inFlight = v.inFlight;
            return (
              <tr key={`${v.name}\u0000${v.version}`}>
                <td>
                  <div className={styles.fileCell}>
                    <Link
                      href={paths.version(appId, v.name, v.version)}
                      className={styles.fileLink}
                      title={`${v.name} @ ${v.version}`}
                    >
                      <TruncatedText text={v.name} />
                    </Link>
                    <span className="row">
                      <span className={styles.version}>{v.version}</span>
                      <RolloutStateLabel state={v.state} failed={v.counts.FAILED} />
                    </span>
                  </div>
                </td>
                <td>
                  <StatusBar counts={v.counts} />
                </td>
                <td className={`num ${styles.inline}`} data-label="Success">
                  {formatPercent(v.successRate)}
                </td>
                <td
                  className={`num ${styles.inline} ${v.counts.FAILED > 0 ? styles.failed : styles.zero}`}
                  data-label="Failed"
                >
                  {formatCount(v.counts.FAILED)}
                </td>
                <td className={`num ${styles.inline} ${inFlight === 0 ? styles.zero : ''}`} data-label="In flight">
                  {formatCount(inFlight)}
                </td>
                <td className={`num ${styles.inline}`} data-label="Instances">
                  {formatCount(v.total)}
                </td>
                <td data-label="Last update" className="mono">
                  {formatTimestamp(v.updatedAt)}
                </td>
                <td className={styles.trendCell}>
                  <VersionSparkline name={v.name} version={v.version} counts={v.counts} trend={v.trend} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
