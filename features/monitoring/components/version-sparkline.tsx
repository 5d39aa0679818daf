'use client';

import { Sparkline } from '@/components/charts/sparkline';
import { successRate, type StatusCounts } from '@/lib/domain/status';

interface Props {
  name: string;
  version: string;
  counts: StatusCounts;
  /** Success share over time rebuilt by the overview's read; absent when the version is not read yet. */
  trend: readonly number[] | undefined;
}

/** The version's rebuilt success curve, ending at the counts on screen now. */
export function VersionSparkline({ name, version, counts, trend }: Props) {
  const now = successRate(counts);
  const values = trend ? [...trend, ...(now === null ? [] : [now])] : [];
  return <Sparkline values={values} label={`Trend of ${name} ${version}`} />;
}
