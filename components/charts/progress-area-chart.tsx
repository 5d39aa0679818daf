'use client';

import {
  Area,
  AreaChart,
  CartesianGrid,
  Legend,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { toAreaSeries, type Sample } from '@/lib/domain/progress';
import { formatCount, formatTimestamp, timeTick } from '@/lib/domain/format';
import { DIST_STATUSES, STATUS_META } from '@/lib/domain/status';

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

/** Instances by status over time, stacked in the same order and colours as every status bar. */
export function ProgressAreaChart({ samples, height = 240, rebuilt = [], prePush = null, at = null }: Props) {
  const data = toAreaSeries(samples);
  const span = (samples.at(-1)?.t ?? 0) - (samples[0]?.t ?? 0);
  const time = (t: number) => timeTick(t, span);
  const end = samples.at(-1)?.counts;
  const ending = end
    ? `, ending at ${formatCount(end.SUCCESS)} success, ${formatCount(end.FAILED)} failed, ${formatCount(end.DISTING + end.POD_RESTARTING)} in flight, ${formatCount(end.DELETED)} deleted`
    : '';
  const described =
    rebuilt.length > 0
      ? `, ${rebuilt.length === 1 ? 'one part' : `${rebuilt.length} parts`} rebuilt from ENS timestamps`
      : '';
  return (
    <div
      role="img"
      aria-label={`Instances by status over time, ${samples.length} points${ending}${described}`}
      data-points={samples.length}
      style={{ width: '100%', height }}
    >
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 600, height }}>
        <AreaChart
          data={data}
          margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
          // The chart is one named image (its aria-label says what it shows): no tab stops of its own.
          accessibilityLayer={false}
        >
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e6eb" />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={['dataMin', 'dataMax']}
            tickFormatter={time}
            fontSize={11}
            minTickGap={40}
          />
          <YAxis fontSize={11} width={52} tickFormatter={(v: number) => formatCount(v)} allowDecimals={false} />
          <Tooltip
            labelFormatter={(t) => `${formatTimestamp(Number(t))} UTC`}
            formatter={(v, key) => [
              formatCount(Number(v)),
              STATUS_META[key as keyof typeof STATUS_META]?.label ?? String(key),
            ]}
          />
          <Legend
            formatter={(key: string) => STATUS_META[key as keyof typeof STATUS_META]?.label ?? key}
            wrapperStyle={{ fontSize: 12 }}
          />
          {prePush ? (
            <ReferenceArea
              x1={prePush.from}
              x2={Math.max(prePush.to, prePush.from + 1)}
              fill="#56b4e9"
              fillOpacity={0.12}
              stroke="none"
              label={{ value: 'pre-push', position: 'insideTopLeft', fontSize: 10, fill: '#4a5565' }}
            />
          ) : null}
          {DIST_STATUSES.map((s) => (
            <Area
              key={s}
              type="monotone"
              dataKey={s}
              stackId="1"
              stroke={STATUS_META[s].color}
              fill={STATUS_META[s].color}
              fillOpacity={0.75}
              isAnimationActive={false}
            />
          ))}
          {rebuilt.map((r) => (
            <ReferenceArea
              key={r.from}
              x1={r.from}
              x2={r.to}
              fill="url(#rebuilt-hatch)"
              fillOpacity={1}
              stroke="none"
              label={{ value: 'rebuilt', position: 'insideTopRight', fontSize: 10, fill: '#4a5565' }}
            />
          ))}
          {at !== null ? (
            <ReferenceLine
              x={at}
              stroke="#1f2933"
              strokeDasharray="4 2"
              label={{ value: 'pinned', position: 'top', fontSize: 10 }}
            />
          ) : null}
          <defs>
            <pattern
              id="rebuilt-hatch"
              width="6"
              height="6"
              patternUnits="userSpaceOnUse"
              patternTransform="rotate(45)"
            >
              <line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" strokeOpacity={0.45} strokeWidth={2} />
            </pattern>
          </defs>
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
