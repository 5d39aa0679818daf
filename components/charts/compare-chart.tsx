'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

interface Props {
  data: readonly { minute: number; a?: number; b?: number }[];
  labelA: string;
  labelB: string;
}

/** Success % of two versions by minutes since each started, so their pace can be compared. */
export function CompareChart({ data, labelA, labelB }: Props) {
  return (
    <div
      role="img"
      aria-label={`Success over time: ${labelA} against ${labelB}`}
      style={{ width: '100%', height: 220 }}
    >
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 600, height: 220 }}>
        <LineChart data={[...data]} margin={{ top: 8, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e3e6eb" />
          <XAxis dataKey="minute" type="number" domain={[0, 'dataMax']} fontSize={11} unit=" min" />
          <YAxis domain={[0, 100]} unit=" %" fontSize={11} width={52} />
          <Tooltip formatter={(v) => `${Number(v).toFixed(1)} %`} labelFormatter={(m) => `${m} min after start`} />
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
    </div>
  );
}
