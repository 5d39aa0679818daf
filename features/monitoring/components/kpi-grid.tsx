import { etaMs } from '@/lib/domain/progress';
import { formatCount, formatDuration, formatPercent } from '@/lib/domain/format';
import type { StatusCounts, StatusFigures } from '@/lib/domain/status';
import styles from './kpi-grid.module.css';

interface Props extends Pick<StatusFigures, 'inFlight' | 'successRate'> {
  total: number;
  counts: StatusCounts;
  /** Instances settled per minute, null until two samples are known. */
  ratePerMinute: number | null;
}

/** The six numbers of a rollout, largest type on the page. */
export function KpiGrid({ total, counts, inFlight, successRate: rate, ratePerMinute }: Props) {
  const eta = etaMs(inFlight, ratePerMinute);
  const kpis: { label: string; value: string; hint?: string; tone?: 'good' | 'bad' }[] = [
    {
      label: 'Instances targeted',
      value: formatCount(total),
      hint: counts.DELETED > 0 ? `${formatCount(counts.DELETED)} deleted since` : undefined,
    },
    {
      label: 'Success',
      value: formatPercent(rate),
      hint: `${formatCount(counts.SUCCESS)} instances`,
      tone: rate === 1 ? 'good' : undefined,
    },
    { label: 'Failed', value: formatCount(counts.FAILED), tone: counts.FAILED > 0 ? 'bad' : undefined },
    {
      label: 'In flight',
      value: formatCount(inFlight),
      hint: counts.POD_RESTARTING > 0 ? `${formatCount(counts.POD_RESTARTING)} pods restarting` : undefined,
    },
    {
      label: 'Rate',
      value: ratePerMinute === null ? '—' : `${formatCount(Math.round(ratePerMinute))}/min`,
      hint: ratePerMinute === null ? 'measuring…' : 'settled, last 5 min',
    },
    {
      label: 'ETA',
      value: eta === null ? '—' : eta === 0 ? 'Done' : formatDuration(eta),
      hint: eta === null && inFlight > 0 ? 'no progress measured yet' : undefined,
    },
  ];
  return (
    <dl className={styles.grid} aria-label="Rollout key figures">
      {kpis.map((k) => (
        <div
          key={k.label}
          className={`card ${styles.kpi} ${k.tone ? styles[k.tone] : ''}`}
          data-testid={`kpi-${k.label}`}
        >
          <dt>{k.label}</dt>
          <dd>
            <span data-value="">{k.value}</span>
            {k.hint ? <span className={styles.hint}>{k.hint}</span> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
