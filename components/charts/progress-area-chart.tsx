'use client';

import { Area, AreaChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { toAreaSeries, type Sample } from '@/lib/domain/progress';
import { formatCount } from '@/lib/domain/format';
import { DIST_STATUSES, STATUS_META } from '@/lib/domain/status';

const time = (t: number) => new Date(t).toISOString().slice(11, 19);

/** Instances by status over time, stacked in the same order and colours as every status bar. */
export function ProgressAreaChart({ samples, height = 240 }: { samples: readonly Sample[]; height?: number }) {
  const data = toAreaSeries(samples);
  return (
    <div role="img" aria-label={`Instances by status over time, ${samples.length} points`} style={{ width: '100%', height }}>
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 600, height }}>
        <AreaChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e6eb" />
          <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={time} fontSize={11} minTickGap={40} />
          <YAxis fontSize={11} width={52} tickFormatter={(v: number) => formatCount(v)} allowDecimals={false} />
          <Tooltip labelFormatter={(t) => `${time(Number(t))} UTC`} formatter={(v, key) => [formatCount(Number(v)), STATUS_META[key as keyof typeof STATUS_META]?.label ?? String(key)]} />
          <Legend formatter={(key: string) => STATUS_META[key as keyof typeof STATUS_META]?.label ?? key} wrapperStyle={{ fontSize: 12 }} />
          {DIST_STATUSES.map((s) => (
            <Area key={s} type="monotone" dataKey={s} stackId="1" stroke={STATUS_META[s].color} fill={STATUS_META[s].color} fillOpacity={0.75} isAnimationActive={false} />
          ))}
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}
