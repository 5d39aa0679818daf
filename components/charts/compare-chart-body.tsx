'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDuration } from '@/lib/domain/format';
import type { CompareRow } from '@/lib/domain/compare';

interface Props {
  rows: readonly CompareRow[];
  domain: [number, number];
  labelA: string;
  labelB: string;
  height: number;
}

const since = (s: number) => formatDuration(s * 1000);

/** The compare chart's drawing, loaded when a version is chosen (recharts is most of its weight). */
export function CompareChartBody({ rows, domain, labelA, labelB, height }: Props) {
  return (
    <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 600, height }}>
      <LineChart data={[...rows]} margin={{ top: 8, right: 12, bottom: 0, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e3e6eb" />
        <XAxis dataKey="s" type="number" domain={domain} fontSize={11} tickFormatter={since} minTickGap={30} />
        <YAxis domain={[0, 100]} unit=" %" fontSize={11} width={52} />
        <Tooltip
          formatter={(v) => `${Number(v).toFixed(1)} %`}
          labelFormatter={(s) => `${since(Number(s))} after the push`}
        />
        <Legend wrapperStyle={{ fontSize: 12 }} />
        {/* Blue solid vs. vermillion dashed: told apart by dash as well as colour. */}
        <Line
          type="monotone"
          dataKey="a"
          name={labelA}
          stroke="#0072b2"
          strokeWidth={2}
          dot={false}
          connectNulls
          isAnimationActive={false}
        />
        <Line
          type="monotone"
          dataKey="b"
          name={labelB}
          stroke="#d55e00"
          strokeWidth={2}
          strokeDasharray="6 3"
          dot={false}
          connectNulls
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  );
}
