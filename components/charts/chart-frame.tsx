'use client';

import type { PointerEvent, ReactNode } from 'react';
import { formatTimestamp, timeTick } from '@/lib/domain/format';
import { timeTicks } from './ticks';
import styles from './chart.module.css';

/** The plot's own coordinates; the SVG stretches to its box, labels are HTML placed in %. */
export const PLOT_W = 1000;
export const PLOT_H = 100;

interface Props {
  /** The time span drawn, epoch ms. */
  t0: number;
  t1: number;
  /** The value axis's ticks (the last is the top) and how each reads. */
  yTicks: readonly number[];
  formatY: (v: number) => string;
  /** Called with the time under the pointer; null when it leaves. */
  onHover: (t: number | null) => void;
  /** The hovered moment and what the tooltip says of it, under its time. */
  hovered: { t: number; lines: ReactNode } | null;
  /** The series, in plot coordinates (PLOT_W × PLOT_H, y down). */
  children: ReactNode;
  /** HTML drawn over the plot (bands, markers), placed in % of its width. */
  overlays?: ReactNode;
}

/**
 * The frame of the hand-drawn charts: value axis and grid, the plot, a time axis of
 * round UTC times, and the hover guide with its tooltip. Plain SVG and HTML rather
 * than a chart library: the version page draws its charts on its first screen, and a
 * library would double the JavaScript it costs (issue 14).
 */
export function ChartFrame({ t0, t1, yTicks, formatY, onHover, hovered, children, overlays }: Props) {
  const span = Math.max(1, t1 - t0);
  const top = yTicks.at(-1) || 1;
  const xPct = (t: number) => ((Math.min(Math.max(t, t0), t1) - t0) / span) * 100;
  const yPct = (v: number) => 100 - (v / top) * 100;
  const onMove = (e: PointerEvent<HTMLDivElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    if (box.width > 0) onHover(t0 + ((e.clientX - box.left) / box.width) * span);
  };
  return (
    <div className={styles.frame}>
      <div className={styles.yAxis} aria-hidden>
        {yTicks.map((v) => (
          <span key={v} style={{ top: `${yPct(v)}%` }}>
            {formatY(v)}
          </span>
        ))}
      </div>
      <div className={styles.plot} onPointerMove={onMove} onPointerLeave={() => onHover(null)}>
        <svg
          viewBox={`0 0 ${PLOT_W} ${PLOT_H}`}
          preserveAspectRatio="none"
          className={styles.svg}
          aria-hidden
          focusable="false"
        >
          {yTicks.map((v) => (
            <line
              key={v}
              className={styles.grid}
              x1={0}
              x2={PLOT_W}
              y1={(yPct(v) * PLOT_H) / 100}
              y2={(yPct(v) * PLOT_H) / 100}
            />
          ))}
          {children}
        </svg>
        {overlays}
        {hovered ? (
          <>
            <div className={styles.guide} style={{ left: `${xPct(hovered.t)}%` }} />
            <div
              className={styles.tooltip}
              style={xPct(hovered.t) > 55 ? { right: `${100 - xPct(hovered.t)}%` } : { left: `${xPct(hovered.t)}%` }}
            >
              <p>{formatTimestamp(hovered.t)} UTC</p>
              {hovered.lines}
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
  );
}
