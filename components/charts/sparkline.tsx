import { formatPercent } from '@/lib/domain/format';

interface Props {
  /** Values between 0 and 1 in time order (success share of each sample). */
  values: readonly number[];
  width?: number;
  height?: number;
  label: string;
}

/** A tiny SVG trend line; plain SVG so a table of fifty rows stays cheap. */
export function Sparkline({ values, width = 96, height = 24, label }: Props) {
  if (values.length < 2) {
    // Not read yet (or nothing to draw): a neutral flat line, not a dash that reads as missing data.
    return (
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`${label}: not read yet`}
      >
        <title>Trend appears once this version is read</title>
        <line
          x1={0}
          y1={height / 2}
          x2={width}
          y2={height / 2}
          stroke="var(--border, #d5d9e0)"
          strokeWidth={1.5}
          strokeDasharray="3 3"
        />
      </svg>
    );
  }
  const step = width / (values.length - 1);
  const y = (v: number) => 2 + (1 - v) * (height - 4);
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const last = values.at(-1) ?? 0;
  return (
    <svg
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${label}: success ${formatPercent(values[0] ?? 0)} to ${formatPercent(last)}`}
    >
      <polyline points={`0,${height} ${points} ${width},${height}`} fill="rgb(0 158 115 / 12%)" stroke="none" />
      <polyline points={points} fill="none" stroke="var(--st-success)" strokeWidth={1.5} strokeLinejoin="round" />
      <circle cx={width} cy={y(last)} r={2} fill="var(--st-success)" />
    </svg>
  );
}
