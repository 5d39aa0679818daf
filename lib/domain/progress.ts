import { DIST_STATUSES, type DistStatus } from '@/lib/ens/models';
import { inFlightOf, settledOf, successRate, totalOf, type StatusCounts } from './status';

/** A point of progress: the counts by status at time `t` (epoch ms). */
export interface Sample {
  t: number;
  counts: StatusCounts;
}

/** The non-empty segments of a stacked status bar, in the fixed stacking order, with their share. */
export function statusSegments(counts: StatusCounts): { status: DistStatus; count: number; fraction: number }[] {
  const total = totalOf(counts);
  if (total === 0) return [];
  return DIST_STATUSES.filter((s) => counts[s] > 0).map((status) => ({
    status,
    count: counts[status],
    fraction: counts[status] / total,
  }));
}

/** History points and the samples this page observed itself, in time order, one per instant. */
export function mergeSamples(history: readonly Sample[], observed: readonly Sample[]): Sample[] {
  const byTime = new Map<number, Sample>();
  for (const s of [...history, ...observed]) if (Number.isFinite(s.t)) byTime.set(s.t, s);
  return [...byTime.values()].sort((a, b) => a.t - b.t);
}

/** Flat rows for a stacked area chart: one object per sample with a key per status. */
export function toAreaSeries(samples: readonly Sample[]): ({ t: number } & StatusCounts)[] {
  return samples.map((s) => ({ t: s.t, ...s.counts }));
}

/**
 * Instances settled per minute over the last `windowMs` of samples; null when fewer
 * than two samples fall in the window (a rate from one point would be invented).
 */
export function settleRatePerMinute(samples: readonly Sample[], windowMs = 5 * 60_000): number | null {
  const last = samples.at(-1);
  if (!last) return null;
  const inWindow = samples.filter((s) => s.t >= last.t - windowMs);
  const first = inWindow[0];
  if (!first || inWindow.length < 2 || last.t <= first.t) return null;
  const settled = settledOf(last.counts) - settledOf(first.counts);
  return Math.max(0, settled) / ((last.t - first.t) / 60_000);
}

/** Time until every in-flight instance settles at the current rate; 0 when none is left, null when unknown. */
export function etaMs(inFlight: number, ratePerMinute: number | null): number | null {
  if (inFlight === 0) return 0;
  if (ratePerMinute === null || ratePerMinute <= 0) return null;
  return (inFlight / ratePerMinute) * 60_000;
}

/** Success share of each sample, for a sparkline (samples without instances are skipped). */
export function successSeries(samples: readonly Sample[]): number[] {
  return samples.flatMap((s) => {
    const rate = successRate(s.counts);
    return rate === null ? [] : [rate];
  });
}

export interface RegionRow {
  regionId: string;
  counts: StatusCounts;
  total: number;
}

/** Regions worst first: most failures, then most still in flight, then by id. */
export function regionRows(byRegion: readonly { regionId: string; counts: StatusCounts }[]): RegionRow[] {
  return byRegion
    .map((r) => ({ regionId: r.regionId, counts: r.counts, total: totalOf(r.counts) }))
    .sort(
      (a, b) =>
        b.counts.FAILED - a.counts.FAILED ||
        inFlightOf(b.counts) - inFlightOf(a.counts) ||
        a.regionId.localeCompare(b.regionId),
    );
}
