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
    return (
      <span className="muted" title="No progress recorded for this version yet">
        —<span className="sr-only">no trend recorded yet</span>
      </span>
    );
  }
  const step = width / (values.length - 1);
  const y = (v: number) => 2 + (1 - v) * (height - 4);
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const last = values.at(-1) ?? 0;
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${label}: success ${formatPercent(values[0] ?? 0)} to ${formatPercent(last)}`}>
      <polyline points={`0,${height} ${points} ${width},${height}`} fill="rgb(0 158 115 / 12%)" stroke="none" />
      <polyline points={points} fill="none" stroke="var(--st-success)" strokeWidth={1.5} strokeLinejoin="round" />
      <circle cx={width} cy={y(last)} r={2} fill="var(--st-success)" />
    </svg>
  );
}
