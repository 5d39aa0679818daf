'use client';

import dynamic from 'next/dynamic';
import type { CompareRow } from '@/lib/domain/compare';

// The drawing (and recharts) loads when a version is chosen: the box keeps its height meanwhile.
const CompareChartBody = dynamic(() => import('./compare-chart-body').then((m) => m.CompareChartBody), {
  ssr: false,
});

interface Props {
  rows: readonly CompareRow[];
  /** Seconds since push, the same for both curves. */
  domain: [number, number];
  /** Each version's 0 s (epoch ms): its push. */
  origins: { a: number | null; b: number | null };
  labelA: string;
  labelB: string;
}

const HEIGHT = 220;

/** Success as % of targeted of two versions, by time since each one's push, so their pace can be compared. */
export function CompareChart({ rows, domain, origins, labelA, labelB }: Props) {
  const startOf = (key: 'a' | 'b') => rows.find((r) => r[key] !== undefined)?.s;
  return (
    <div
      role="img"
      aria-label={`Success as a share of targeted instances by time since each push: ${labelA} against ${labelB}`}
      data-start-a={startOf('a')}
      data-start-b={startOf('b')}
      data-domain={domain.join(',')}
      data-origin-a={origins.a ?? undefined}
      data-origin-b={origins.b ?? undefined}
      data-testid="compare-chart"
      style={{ width: '100%', height: HEIGHT }}
    >
      <CompareChartBody rows={rows} domain={domain} labelA={labelA} labelB={labelB} height={HEIGHT} />
    </div>
  );
}
