'use client';

import { useState } from 'react';
import type { Sample } from '@/lib/domain/progress';
import { formatCount } from '@/lib/domain/format';
import { DIST_STATUSES, STATUS_META, totalOf } from '@/lib/domain/status';
import { countTicks } from './ticks';
import { ChartFrame, PLOT_H as H, PLOT_W as W } from './chart-frame';
import styles from './chart.module.css';

interface Props {
  samples: readonly Sample[];
  height?: number;
  /** Time ranges drawn from the rebuilt history rather than recorded: shaded and labelled. */
  rebuilt?: readonly { from: number; to: number }[];
  /** When the pre-push to file servers ran (first region's start to last region's end). */
  prePush?: { from: number; to: number } | null;
  /** A past moment the page is pinned to: marked with a line. */
  at?: number | null;
}

/**
 * Instances by status over time, stacked in the same order and colours as every status
 * bar. Plain SVG and HTML rather than a chart library: it is on the version page's first
 * screen, and a library would double the JavaScript the page costs (issue 14).
 */
export function ProgressAreaChart({ samples, height = 240, rebuilt = [], prePush = null, at = null }: Props) {
  const [hover, setHover] = useState<number | null>(null);
  const t0 = samples[0]?.t ?? 0;
  const t1 = Math.max(samples.at(-1)?.t ?? 0, t0 + 1);
  const span = t1 - t0;
  const yTicks = countTicks(Math.max(1, ...samples.map((s) => totalOf(s.counts))));
  const yMax = yTicks.at(-1) ?? 1;
  const xPct = (t: number) => ((Math.min(Math.max(t, t0), t1) - t0) / span) * 100;
  const layers = stackedPaths(samples, t0, span, yMax);
  const end = samples.at(-1)?.counts;
  const ending = end
    ? `, ending at ${formatCount(end.SUCCESS)} success, ${formatCount(end.FAILED)} failed, ${formatCount(end.DISTING + end.POD_RESTARTING)} in flight, ${formatCount(end.DELETED)} deleted`
    : '';
  const described =
    rebuilt.length > 0
      ? `, ${rebuilt.length === 1 ? 'one part' : `${rebuilt.length} parts`} rebuilt from ENS timestamps`
      : '';
  const hovered = hover === null ? undefined : samples[hover];
  return (
    <div
      role="img"
      aria-label={`Instances by status over time, ${samples.length} points${ending}${described}`}
      data-points={samples.length}
      className={styles.chart}
      style={{ height }}
    >
      <ChartFrame
        t0={t0}
        t1={t1}
        yTicks={yTicks}
        formatY={formatCount}
        onHover={(t) => setHover(t === null || samples.length === 0 ? null : nearest(samples, t))}
        hovered={
          hovered
            ? {
                t: hovered.t,
                lines: (
                  <>
                    {[...DIST_STATUSES].reverse().map((s) => (
                      <p key={s} style={{ color: STATUS_META[s].color }}>
                        {STATUS_META[s].label}: {formatCount(hovered.counts[s])}
                      </p>
                    ))}
                  </>
                ),
              }
            : null
        }
        overlays={
          <>
            {prePush ? (
              <div
                className={styles.prePush}
                style={{
                  left: `${xPct(prePush.from)}%`,
                  width: `${Math.max(0.3, xPct(prePush.to) - xPct(prePush.from))}%`,
                }}
              >
                <span>pre-push</span>
              </div>
            ) : null}
            {rebuilt.map((r) => (
              <div
                key={r.from}
                className={styles.rebuilt}
                style={{ left: `${xPct(r.from)}%`, width: `${xPct(r.to) - xPct(r.from)}%` }}
              >
                <span>rebuilt</span>
              </div>
            ))}
            {at !== null ? (
              <div className={styles.pinned} style={{ left: `${xPct(at)}%` }}>
                <span>pinned</span>
              </div>
            ) : null}
          </>
        }
      >
        {layers.map((l) => (
          <g key={l.status}>
            <path d={l.area} fill={STATUS_META[l.status].color} fillOpacity={0.75} />
            <path d={l.line} fill="none" stroke={STATUS_META[l.status].color} className={styles.line} />
          </g>
        ))}
      </ChartFrame>
      <ul className={styles.legend} aria-hidden>
        {DIST_STATUSES.map((s) => (
          <li key={s}>
            <i style={{ background: STATUS_META[s].color }} />
            {STATUS_META[s].label}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Each status's band on top of the ones before it, as SVG paths in the plot's coordinates. */
function stackedPaths(samples: readonly Sample[], t0: number, span: number, yMax: number) {
  const x = (t: number) => (((t - t0) / span) * W).toFixed(1);
  const y = (v: number) => (H - (v / yMax) * H).toFixed(2);
  const below = samples.map(() => 0);
  return DIST_STATUSES.map((status) => {
    const lower = [...below];
    samples.forEach((s, i) => (below[i] = (below[i] ?? 0) + s.counts[status]));
    const upper = samples.map((s, i) => `${x(s.t)},${y(below[i] ?? 0)}`);
    const back = samples.map((s, i) => `${x(s.t)},${y(lower[i] ?? 0)}`).reverse();
    return { status, line: `M${upper.join('L')}`, area: `M${upper.join('L')}L${back.join('L')}Z` };
  });
}

/** The index of the sample closest in time to `t` (samples are in time order). */
function nearest(samples: readonly Sample[], t: number): number {
  let lo = 0;
  let hi = samples.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((samples[mid]?.t ?? 0) < t) lo = mid + 1;
    else hi = mid;
  }
  const prev = samples[lo - 1];
  return prev && t - prev.t < (samples[lo]?.t ?? 0) - t ? lo - 1 : lo;
}
