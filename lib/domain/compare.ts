import type { Sample } from './progress';

/**
 * Two versions' rollouts on the same axes: each curve starts at 0 s at its own push,
 * so "is 1.3 rolling out slower than 1.2?" reads off one chart whatever the dates.
 */

/** One point of an aligned curve: seconds since the version's push, and success as % of targeted. */
export interface AlignedPoint {
  s: number;
  pct: number;
}

/** What to align one version on. */
export interface AlignInput {
  samples: readonly Sample[];
  /** When the version was pushed (epoch ms, the rebuilt history's); null: its first sample. */
  pushedAt: number | null;
  /** Instances the version targets (deleted ones excluded): the 100 % of the y axis. */
  targeted: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * One version's success curve from its push: x is seconds since the push (the first
 * point is 0 s), y the instances succeeded as a share of all it targets, so a curve
 * climbs to the share reached rather than starting at 100 % when the first instance
 * succeeds. Samples before the push (clock skew) are folded into the point at 0 s.
 */
export function alignAtPush({ samples, pushedAt, targeted }: AlignInput): AlignedPoint[] {
  const origin = alignOrigin({ samples, pushedAt });
  if (origin === null || targeted <= 0) return [];
  const pct = (s: Sample) => round1(Math.min(100, (s.counts.SUCCESS / targeted) * 100));
  const before = samples.filter((s) => s.t <= origin).at(-1);
  const points: AlignedPoint[] = [{ s: 0, pct: before ? pct(before) : 0 }];
  for (const sample of samples) {
    if (sample.t <= origin) continue;
    points.push({ s: round1((sample.t - origin) / 1000), pct: pct(sample) });
  }
  return points;
}

/** The moment a version's curve counts from (its 0 s): its push, else its first sample. */
export function alignOrigin({ samples, pushedAt }: Pick<AlignInput, 'samples' | 'pushedAt'>): number | null {
  return pushedAt ?? samples[0]?.t ?? null;
}

/** A row of the compare chart: seconds since push, and each version's share where it has a point. */
export interface CompareRow {
  s: number;
  a?: number;
  b?: number;
}

/**
 * Both versions aligned at their push and joined on one x axis (seconds since push),
 * rows in time order. The x domain is [0, the later of the two ends]: both curves share it.
 */
export function alignedComparison(
  a: AlignInput,
  b: AlignInput,
): { rows: CompareRow[]; domain: [number, number]; origins: { a: number | null; b: number | null } } {
  const rows = new Map<number, CompareRow>();
  for (const p of alignAtPush(a)) rows.set(p.s, { ...rows.get(p.s), s: p.s, a: p.pct });
  for (const p of alignAtPush(b)) rows.set(p.s, { ...rows.get(p.s), s: p.s, b: p.pct });
  const sorted = [...rows.values()].sort((x, y) => x.s - y.s);
  return { rows: sorted, domain: [0, sorted.at(-1)?.s ?? 0], origins: { a: alignOrigin(a), b: alignOrigin(b) } };
}
