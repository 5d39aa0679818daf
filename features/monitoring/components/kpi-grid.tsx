import { etaMs } from '@/lib/domain/progress';
import { etaWithoutStragglers } from '@/lib/domain/stragglers';
import { formatCount, formatDuration, formatPercent } from '@/lib/domain/format';
import type { StatusCounts, StatusFigures } from '@/lib/domain/status';
import styles from './kpi-grid.module.css';

interface Props extends Pick<StatusFigures, 'inFlight' | 'successRate'> {
  total: number;
  counts: StatusCounts;
  /** Instances settled per minute, null until two samples are known. */
  ratePerMinute: number | null;
  /** Instances without a row: behind a failed pre-push (blocked) or a running one (waiting). */
  held?: { blocked: number; waiting: number; blockedRegions: number; waitingRegions: number } | undefined;
  /** In-flight instances in their state far longer than their region's median. */
  stragglers?: number | undefined;
  /** An active staged rollout with stages still to come: this version is not done when its sent stages are. */
  rolloutAhead?: { stagesLeft: number; headline: string } | undefined;
}

type Kpi = { label: string; value: string; hint?: string | undefined; tone?: 'good' | 'bad' | undefined };

const plural = (n: number, one: string, many = `${one}s`) => `${formatCount(n)} ${n === 1 ? one : many}`;

/**
 * The six numbers of a rollout, largest type on the page. `total` and `successRate`
 * are over every targeted instance, blocked and waiting ones included (the caller
 * passes them so); the hints say what is held back and why.
 */
export function KpiGrid({
  total,
  counts,
  inFlight,
  successRate: rate,
  ratePerMinute,
  held,
  stragglers = 0,
  rolloutAhead,
}: Props) {
  const blocked = held?.blocked ?? 0;
  const waiting = held?.waiting ?? 0;
  const kpis: Kpi[] = [
    {
      label: 'Instances targeted',
      value: formatCount(total),
      hint:
        [
          counts.DELETED > 0 ? `${formatCount(counts.DELETED)} deleted since` : '',
          blocked > 0 ? `${formatCount(blocked)} blocked` : '',
          waiting > 0 ? `${formatCount(waiting)} waiting` : '',
        ]
          .filter(Boolean)
          .join(' · ') || undefined,
    },
    {
      label: 'Success',
      value: formatPercent(rate),
      hint: `${formatCount(counts.SUCCESS)} instances of ${formatCount(total - counts.DELETED)}`,
      tone: rate === 1 ? 'good' : undefined,
    },
    {
      label: 'Failed',
      value: formatCount(counts.FAILED),
      hint:
        blocked > 0
          ? `+ ${formatCount(blocked)} blocked by a failed pre-push in ${plural(held?.blockedRegions ?? 0, 'region')}`
          : undefined,
      tone: counts.FAILED > 0 || blocked > 0 ? 'bad' : undefined,
    },
    {
      label: 'In flight',
      value: formatCount(inFlight),
      hint:
        [
          counts.POD_RESTARTING > 0 ? `${formatCount(counts.POD_RESTARTING)} pods restarting` : '',
          waiting > 0 ? `+ ${formatCount(waiting)} waiting for pre-push` : '',
          stragglers > 0 ? `${plural(stragglers, 'straggler')}` : '',
        ]
          .filter(Boolean)
          .join(' · ') || undefined,
    },
    {
      label: 'Rate',
      value: ratePerMinute === null ? '—' : `${formatCount(Math.round(ratePerMinute))}/min`,
      hint: ratePerMinute === null ? 'measuring…' : 'settled, last 5 min',
    },
    etaKpi(inFlight, ratePerMinute, {
      blocked,
      waiting,
      stragglers,
      waitingRegions: held?.waitingRegions ?? 0,
      rolloutAhead,
    }),
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

/** "Done" only when nothing is in flight, waiting or blocked; never a number stragglers keep resetting. */
function etaKpi(
  inFlight: number,
  ratePerMinute: number | null,
  h: {
    blocked: number;
    waiting: number;
    stragglers: number;
    waitingRegions: number;
    rolloutAhead: Props['rolloutAhead'];
  },
): Kpi {
  if (h.waiting > 0)
    return {
      label: 'ETA',
      value: 'Waiting',
      hint: `for the pre-push to ${plural(h.waitingRegions, 'region')}`,
    };
  if (h.stragglers > 0) {
    const rest = etaWithoutStragglers(inFlight, h.stragglers, ratePerMinute);
    return {
      label: 'ETA',
      value: 'Unknown',
      hint: `ETA unknown: ${plural(h.stragglers, 'straggler')}${rest !== null && rest > 0 ? `; the others in ${formatDuration(rest)}` : ''}`,
    };
  }
  const eta = etaMs(inFlight, ratePerMinute);
  if (eta === 0 && h.blocked > 0)
    return {
      label: 'ETA',
      value: 'Blocked',
      hint: `${formatCount(h.blocked)} instances behind a failed pre-push`,
      tone: 'bad',
    };
  if (eta === 0 && h.rolloutAhead && h.rolloutAhead.stagesLeft > 0)
    return {
      label: 'ETA',
      value: 'Next stage',
      hint: `${plural(h.rolloutAhead.stagesLeft, 'stage')} of the rollout to come: ${h.rolloutAhead.headline}`,
    };
  return {
    label: 'ETA',
    value: eta === null ? '—' : eta === 0 ? 'Done' : formatDuration(eta),
    hint: eta === null && inFlight > 0 ? 'no progress measured yet' : undefined,
  };
}
