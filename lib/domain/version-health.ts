import type { StatusCounts } from './status';

/*
 * Which versions are in trouble, as opposed to carrying the usual background of
 * failures (about 1 % of instances fail anywhere for ordinary reasons). One failed
 * instance does not make a version "failing": its failure rate over the threshold
 * does, or a success share that fell by more than the threshold lately.
 */

/** A failure rate above this (5 %) is trouble; the usual background is about 1 %. */
export const FAILURE_RATE_THRESHOLD = 0.05;

export interface HealthInput {
  counts: StatusCounts;
  total: number;
  /** Success share over time, oldest first (the overview's trend), when known. */
  trend?: readonly number[] | undefined;
}

/** Failed among instances that still exist; 0 when there are none. */
export function failureRate(v: Pick<HealthInput, 'counts' | 'total'>): number {
  const alive = v.total - v.counts.DELETED;
  return alive > 0 ? v.counts.FAILED / alive : 0;
}

/** How far the success share fell over the trend's last points (0 when it did not, or is unknown). */
export function recentDrop(trend: readonly number[] | undefined, points = 6): number {
  if (!trend || trend.length < 2) return 0;
  const recent = trend.slice(-points);
  return Math.max(0, Math.max(...recent) - (recent.at(-1) ?? 0));
}

export type Trouble = 'failure-rate' | 'falling' | null;

/** Why a version is in trouble, or null when its failures are the usual background. */
export function troubleOf(v: HealthInput, threshold = FAILURE_RATE_THRESHOLD): Trouble {
  if (failureRate(v) > threshold) return 'failure-rate';
  if (recentDrop(v.trend) > threshold) return 'falling';
  return null;
}

/** Versions in trouble first (worst failure rate first), then the rest by failure rate. */
export function byHealth<T extends HealthInput>(a: T, b: T): number {
  const ta = troubleOf(a) === null ? 1 : 0;
  const tb = troubleOf(b) === null ? 1 : 0;
  return ta - tb || failureRate(b) - failureRate(a) || recentDrop(b.trend) - recentDrop(a.trend);
}

/** An application's place on /apps: how many versions are in trouble, and the worst failure rate. */
export function appHealth(items: readonly HealthInput[]): { troubled: number; worst: number } {
  return {
    troubled: items.filter((v) => troubleOf(v) !== null).length,
    worst: Math.max(0, ...items.map(failureRate)),
  };
}
