'use client';

import { StepLineChart } from '@/components/charts/step-line-chart';
import type { RolloutTimingModel } from '@/lib/contracts/monitoring';
import { failureRateSeries } from '@/lib/domain/reconstruct';
import type { Sample } from '@/lib/domain/progress';
import { formatCount, formatDuration, formatTimestamp } from '@/lib/domain/format';
import styles from './rollout-timing.module.css';

const FAILED_COLOR = '#d55e00';
const percent = (v: number) => `${Number.isInteger(v) ? v : v.toFixed(1)} %`;

/** How fast the rollout went: time to 50/90/99 % success, the slowest regions, failures over time. */
export function RolloutTimingCard({
  timing,
  samples,
}: {
  timing: RolloutTimingModel | null;
  samples: readonly Sample[];
}) {
  if (!timing) return <p className="muted">Timing appears once this server has read the version’s instances.</p>;
  const failures = failureRateSeries(samples).map((p) => ({ t: p.t, v: Math.round(p.rate * 1000) / 10 }));
  return (
    <div data-testid="rollout-timing">
      <dl className={styles.grid}>
        {timing.toPercent.map((p) => (
          <div key={p.pct}>
            <dt>To {p.pct} % success</dt>
            <dd data-testid={`time-to-${p.pct}`}>{p.ms === null ? 'not reached' : formatDuration(p.ms)}</dd>
          </div>
        ))}
      </dl>
      <p className={styles.note}>
        From the push at {formatTimestamp(timing.pushedAt)} UTC; {formatCount(timing.targeted)} instances targeted
        (deleted ones excluded).
      </p>
      {timing.slowestRegions.length > 0 ? (
        <>
          <h3 className={styles.sub}>Slowest regions (time from the push to success)</h3>
          <table className={styles.table}>
            <thead>
              <tr>
                <th scope="col">Region</th>
                <th scope="col">Succeeded</th>
                <th scope="col">Median</th>
                <th scope="col">p90</th>
              </tr>
            </thead>
            <tbody>
              {timing.slowestRegions.map((r) => (
                <tr key={r.regionId}>
                  <td>{r.regionId}</td>
                  <td>{formatCount(r.succeeded)}</td>
                  <td>{formatDuration(r.medianMs)}</td>
                  <td>{formatDuration(r.p90Ms)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      {failures.length > 1 ? (
        <>
          <h3 className={styles.sub}>Failure rate over time (failed among settled)</h3>
          <div role="img" aria-label={`Failure rate over time, last ${failures.at(-1)?.v ?? 0} %`}>
            <StepLineChart points={failures} label="Failed" format={percent} color={FAILED_COLOR} />
          </div>
        </>
      ) : null}
    </div>
  );
}
