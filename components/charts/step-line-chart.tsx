'use client';

import { useState } from 'react';
import { countTicks } from './ticks';
import { ChartFrame, PLOT_H, PLOT_W } from './chart-frame';
import styles from './chart.module.css';

interface Props {
  points: readonly { t: number; v: number }[];
  /** What the values are, in the tooltip ("Failed"). */
  label: string;
  /** How a value reads on the axis and in the tooltip ("3.5 %"). */
  format: (v: number) => string;
  color: string;
  height?: number;
}

/**
 * One value over time drawn as steps (each value holds until the next), in plain SVG
 * like the progress chart: a chart library would be the largest thing the version page
 * loads when this card is reached (issue 14).
 */
export function StepLineChart({ points, label, format, color, height = 120 }: Props) {
  const [hover, setHover] = useState<number | null>(null);
  const t0 = points[0]?.t ?? 0;
  const t1 = Math.max(points.at(-1)?.t ?? 0, t0 + 1);
  const yTicks = countTicks(Math.max(0, ...points.map((p) => p.v)));
  const top = yTicks.at(-1) || 1;
  const x = (t: number) => (((t - t0) / (t1 - t0)) * PLOT_W).toFixed(1);
  const y = (v: number) => (PLOT_H - (v / top) * PLOT_H).toFixed(2);
  const path = points.map((p, i) => (i === 0 ? `M${x(p.t)},${y(p.v)}` : `H${x(p.t)}V${y(p.v)}`)).join('');
  // The step in force at t: the last point at or before it.
  const stepAt = (t: number) => {
    let i = 0;
    while (i + 1 < points.length && (points[i + 1]?.t ?? Infinity) <= t) i += 1;
    return i;
  };
  const hovered = hover === null ? undefined : points[hover];
  return (
    <div className={styles.chart} style={{ height }} data-points={points.length}>
      <ChartFrame
        t0={t0}
        t1={t1}
        yTicks={yTicks}
        formatY={format}
        onHover={(t) => setHover(t === null || points.length === 0 ? null : stepAt(t))}
        hovered={
          hovered
            ? {
                t: hovered.t,
                lines: (
                  <p style={{ color }}>
                    {label}: {format(hovered.v)}
                  </p>
                ),
              }
            : null
        }
      >
        <path d={path} fill="none" stroke={color} className={styles.line} />
      </ChartFrame>
    </div>
  );
}
