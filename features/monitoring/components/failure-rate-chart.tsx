'use client';

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatTimestamp, timeTick } from '@/lib/domain/format';

/** The failure rate's drawing, loaded when the timing card is reached (recharts is most of its weight). */
export function FailureRateChart({ failures }: { failures: readonly { t: number; pct: number }[] }) {
  const span = (failures.at(-1)?.t ?? 0) - (failures[0]?.t ?? 0);
  const time = (t: number) => timeTick(t, span);
  return (
    <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 400, height: 120 }}>
      <LineChart data={[...failures]} margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
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
        <YAxis unit=" %" fontSize={11} width={52} domain={[0, 'auto']} />
        <Tooltip
          labelFormatter={(t) => `${formatTimestamp(Number(t))} UTC`}
          formatter={(v) => [`${Number(v).toFixed(1)} %`, 'Failed']}
        />
        <Line type="stepAfter" dataKey="pct" stroke="#d55e00" strokeWidth={2} dot={false} isAnimationActive={false} />
      </LineChart>
    </ResponsiveContainer>
  );
}
