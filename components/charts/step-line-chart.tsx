'use client';

import { useState, type PointerEvent } from 'react';
import { formatTimestamp, timeTick } from '@/lib/domain/format';
import { countTicks, timeTicks } from './ticks';
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

/** The plot's own coordinates; the SVG stretches to its box, labels are HTML placed in %. */
const W = 1000;
const H = 100;

/**
 * One value over time drawn as steps (each value holds until the next), in plain SVG
 * like the progress chart: a chart library would be the largest thing the version page
 * loads when this card is reached (issue 14).
 */
export function StepLineChart({ points, label, format, color, height = 120 }: Props) {
  const [hover, setHover] = useState<number | null>(null);
  const t0 = points[0]?.t ?? 0;
  const t1 = Math.max(points.at(-1)?.t ?? 0, t0 + 1);
  const span = t1 - t0;
  const yTicks = countTicks(Math.max(0, ...points.map((p) => p.v)));
  const yMax = yTicks.at(-1) || 1;
  const xPct = (t: number) => ((Math.min(Math.max(t, t0), t1) - t0) / span) * 100;
  const yPct = (v: number) => 100 - (v / yMax) * 100;
  const x = (t: number) => ((xPct(t) * W) / 100).toFixed(1);
  const y = (v: number) => ((yPct(v) * H) / 100).toFixed(2);
  const path = points.map((p, i) => (i === 0 ? `M${x(p.t)},${y(p.v)}` : `H${x(p.t)}V${y(p.v)}`)).join('');
  const onMove = (e: PointerEvent<HTMLDivElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    if (box.width <= 0 || points.length === 0) return;
    const t = t0 + ((e.clientX - box.left) / box.width) * span;
    // The step in force at t: the last point at or before it.
    let i = 0;
    while (i + 1 < points.length && (points[i + 1]?.t ?? Infinity) <= t) i += 1;
    setHover(i);
  };
  const hovered = hover === null ? undefined : points[hover];
  return (
    <div className={styles.chart} style={{ height }} data-points={points.length}>
      <div className={styles.frame}>
        <div className={styles.yAxis} aria-hidden>
          {yTicks.map((v) => (
            <span key={v} style={{ top: `${yPct(v)}%` }}>
              {format(v)}
            </span>
          ))}
        </div>
        <div className={styles.plot} onPointerMove={onMove} onPointerLeave={() => setHover(null)}>
          <svg
            viewBox={`0 0 ${W} ${H}`}
            preserveAspectRatio="none"
            className={styles.svg}
            aria-hidden
            focusable="false"
          >
            {yTicks.map((v) => (
              <line key={v} className={styles.grid} x1={0} x2={W} y1={y(v)} y2={y(v)} />
            ))}
            <path d={path} fill="none" stroke={color} className={styles.line} />
          </svg>
          {hovered ? (
            <>
              <div className={styles.guide} style={{ left: `${xPct(hovered.t)}%` }} />
              <div
                className={styles.tooltip}
                style={xPct(hovered.t) > 55 ? { right: `${100 - xPct(hovered.t)}%` } : { left: `${xPct(hovered.t)}%` }}
              >
                <p>{formatTimestamp(hovered.t)} UTC</p>
                <p style={{ color }}>
                  {label}: {format(hovered.v)}
                </p>
              </div>
            </>
          ) : null}
          <div className={styles.xAxis} aria-hidden>
            {timeTicks(t0, t1).map((t) => (
              <span key={t} style={{ left: `${xPct(t)}%` }}>
                {timeTick(t, span)}
              </span>
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}
