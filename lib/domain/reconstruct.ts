import type { DistStatus, PushStatus } from '@/lib/ens/models';
import { emptyCounts, type StatusCounts } from './status';
import type { Sample } from './progress';

/*
 * A version's progress over time rebuilt from the rows ENS already returns: every
 * instance row carries when its distribution started (StartTime) and when it reached
 * its current status (UpdateTime), every pre-push region the same. Only the current
 * status of each instance is known, so the rebuilt curve is the history of the
 * *latest* attempt per instance; RECONSTRUCTION_LIMITS says what that cannot show.
 */

export interface ReconstructRow {
  instanceId: string;
  regionId?: string | undefined;
  status: DistStatus;
  startTime: string;
  updateTime: string;
}

export interface ReconstructPushRow {
  regionId: string;
  status: PushStatus;
  startTime: string;
  updateTime: string;
}

export type PointSource = 'recorded' | 'reconstructed';
export interface SeriesPoint extends Sample {
  source: PointSource;
}

/** One region's pre-push to its file servers: started, and finished unless still PUSHING. */
export interface PrePushSpan {
  regionId: string;
  status: PushStatus;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface Reconstruction {
  /** Counts by status over time, oldest first; the last point is the rows' current counts at `asOf`. */
  points: Sample[];
  prePush: PrePushSpan[];
  /** The first thing that happened: the earliest pre-push or instance start (epoch ms). */
  pushedAt: number | null;
  /** Rows whose UpdateTime is before their StartTime (read as one instant). */
  skewed: number;
  /** Rows without a readable time: they appear only at `asOf`. */
  untimed: number;
}

/** What the rebuilt curve cannot know; the page states it under the chart. */
export const RECONSTRUCTION_LIMITS = [
  'ENS keeps one row per instance: an instance that failed and later succeeded shows only its success.',
  'A version distributed again shows only the latest distribution of each instance.',
  'Deleted instances appear when they were deleted; what they did before is unknown.',
] as const;

const DEFAULT_MAX_POINTS = 240;

function parse(time: string): number {
  const ms = Date.parse(time);
  return Number.isFinite(ms) ? ms : Number.NaN;
}

/** One row per instance: a row read twice (it moved between pages, or came back) keeps its latest state. */
function latestPerInstance<T extends ReconstructRow>(rows: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const row of rows) {
    const known = byId.get(row.instanceId);
    if (
      !known ||
      row.updateTime > known.updateTime ||
      (row.updateTime === known.updateTime && row.startTime > known.startTime)
    )
      byId.set(row.instanceId, row);
  }
  return [...byId.values()];
}

export interface Timed {
  status: DistStatus;
  regionId: string | undefined;
  start: number;
  update: number;
}

/** Rows' times as the curve reads them, and how many were skewed or had no time. */
export class TimedRows {
  readonly timed: Timed[] = [];
  skewed = 0;
  untimed = 0;

  constructor(private readonly asOf: number) {}

  /** One instance's row, its times parsed (NaN when unreadable): clamped to `asOf` and to start ≤ update. */
  add(status: DistStatus, regionId: string | undefined, startMs: number, updateMs: number): void {
    let start = startMs;
    let update = updateMs;
    if (Number.isNaN(start) && Number.isNaN(update)) {
      this.untimed += 1;
      start = update = this.asOf;
    } else if (Number.isNaN(start)) start = update;
    else if (Number.isNaN(update)) update = start;
    if (update < start) {
      // A clock skew between the two fields: the change happened, when exactly is unknown.
      this.skewed += 1;
      update = start;
    }
    this.timed.push({ status, regionId, start: Math.min(start, this.asOf), update: Math.min(update, this.asOf) });
  }
}

/** Rows with their times parsed, clamped to `asOf` and to start ≤ update. */
function timedRows(rows: readonly ReconstructRow[], asOf: number): TimedRows {
  const out = new TimedRows(asOf);
  for (const row of latestPerInstance(rows))
    out.add(row.status, row.regionId, parse(row.startTime), parse(row.updateTime));
  return out;
}

/** ISO-8601 text as epoch ms, NaN when unreadable (as the curve parses ENS's times). */
export const parseTime = parse;

/**
 * The step function of counts by status: an instance is DISTING from its start until
 * its update, then in its current status; a DELETED one counts only from its deletion.
 * Sampled at up to `maxPoints` of its change instants (where the rollout moved), plus
 * a zero point before the first event and the current counts at `asOf`.
 */
export function reconstructHistory(
  rows: readonly ReconstructRow[],
  pushRows: readonly ReconstructPushRow[],
  asOf: number,
  maxPoints = DEFAULT_MAX_POINTS,
): Reconstruction {
  return reconstructTimed(timedRows(rows, asOf), pushRows, asOf, maxPoints);
}

/** reconstructHistory of rows already one per instance with their times read (TimedRows). */
export function reconstructTimed(
  { timed, skewed, untimed }: TimedRows,
  pushRows: readonly ReconstructPushRow[],
  asOf: number,
  maxPoints = DEFAULT_MAX_POINTS,
): Reconstruction {
  const deltas = new Map<number, StatusCounts>();
  const at = (t: number) => {
    let d = deltas.get(t);
    if (!d) deltas.set(t, (d = emptyCounts()));
    return d;
  };
  for (const r of timed) {
    if (r.status === 'DELETED') {
      at(r.update).DELETED += 1;
      continue;
    }
    at(r.start).DISTING += 1;
    if (r.status !== 'DISTING') {
      at(r.update).DISTING -= 1;
      at(r.update)[r.status] += 1;
    }
  }
  const prePush = prePushSpans(pushRows, asOf);
  let pushedAt: number | null = null;
  for (const r of timed) pushedAt = Math.min(pushedAt ?? Infinity, r.status === 'DELETED' ? r.update : r.start);
  for (const p of prePush) if (p.startedAt !== null) pushedAt = Math.min(pushedAt ?? Infinity, p.startedAt);

  const times = [...deltas.keys()].sort((a, b) => a - b);
  const running = emptyCounts();
  const steps: Sample[] = times.map((t) => {
    const d = deltas.get(t) ?? emptyCounts();
    for (const s of Object.keys(running) as DistStatus[]) running[s] += d[s];
    return { t, counts: { ...running } };
  });
  const points: Sample[] = [];
  const first = steps[0];
  if (first) {
    const zeroAt = pushedAt !== null && pushedAt < first.t ? pushedAt : first.t - 1_000;
    points.push({ t: zeroAt, counts: emptyCounts() });
  }
  points.push(...downsample(steps, Math.max(2, maxPoints - 2)));
  const last = points.at(-1);
  if (last && last.t < asOf) points.push({ t: asOf, counts: { ...running } });
  return { points, prePush, pushedAt, skewed, untimed };
}

/** Up to `max` samples spread evenly over the change instants, always keeping the first and the last. */
function downsample(steps: readonly Sample[], max: number): Sample[] {
  if (steps.length <= max) return [...steps];
  const picked: Sample[] = [];
  for (let i = 0; i < max; i += 1) {
    const step = steps[Math.round((i * (steps.length - 1)) / (max - 1))];
    if (step && picked.at(-1) !== step) picked.push(step);
  }
  return picked;
}

function prePushSpans(pushRows: readonly ReconstructPushRow[], asOf: number): PrePushSpan[] {
  return pushRows
    .map((p) => {
      const start = parse(p.startTime);
      const update = parse(p.updateTime);
      const startedAt = Number.isNaN(start) ? null : Math.min(start, asOf);
      // While PUSHING, UpdateTime stays at the start: the region has not finished.
      const finishedAt =
        p.status === 'PUSHING' || Number.isNaN(update) ? null : Math.min(Math.max(update, startedAt ?? update), asOf);
      return { regionId: p.regionId, status: p.status, startedAt, finishedAt };
    })
    .sort((a, b) => (a.startedAt ?? Infinity) - (b.startedAt ?? Infinity) || a.regionId.localeCompare(b.regionId));
}

/** A run of recorded points with no gap longer than this is trusted over the rebuilt curve. */
const RECORDED_GAP_MS = 10 * 60_000;

/**
 * Recorded snapshots and the rebuilt curve in one series: where recorded points exist
 * (spans without a long gap) they win; the rebuilt curve fills before, between and after.
 */
export function mergeHistory(recorded: readonly Sample[], reconstructed: readonly Sample[]): SeriesPoint[] {
  const sorted = [...recorded].filter((s) => Number.isFinite(s.t)).sort((a, b) => a.t - b.t);
  const spans: [number, number][] = [];
  for (const s of sorted) {
    const span = spans.at(-1);
    if (span && s.t - span[1] <= RECORDED_GAP_MS) span[1] = s.t;
    else spans.push([s.t, s.t]);
  }
  const covered = (t: number) => spans.some(([a, b]) => t >= a && t <= b);
  const merged: SeriesPoint[] = [
    ...sorted.map((s) => ({ ...s, source: 'recorded' as const })),
    ...reconstructed.filter((s) => !covered(s.t)).map((s) => ({ ...s, source: 'reconstructed' as const })),
  ];
  return merged.sort((a, b) => a.t - b.t);
}

/** The time ranges of a series drawn from the rebuilt curve (for shading them on the chart). */
export function reconstructedSpans(series: readonly SeriesPoint[]): { from: number; to: number }[] {
  const spans: { from: number; to: number }[] = [];
  let open: { from: number; to: number } | null = null;
  for (let i = 0; i < series.length; i += 1) {
    const p = series[i];
    if (!p) continue;
    if (p.source === 'reconstructed') {
      if (!open) spans.push((open = { from: p.t, to: p.t }));
      open.to = series[i + 1]?.t ?? p.t;
    } else open = null;
  }
  return spans.filter((s) => s.to > s.from);
}

export interface RolloutTiming {
  pushedAt: number | null;
  /** Instances that still exist (not DELETED): the ones a rollout has to reach. */
  targeted: number;
  /** Time from the push until pct % of targeted instances had succeeded; null when not reached. */
  toPercent: { pct: number; ms: number | null }[];
  /** Regions by p90 time from the push to each instance's success, slowest first. */
  slowestRegions: { regionId: string; succeeded: number; medianMs: number; p90Ms: number }[];
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

export function rolloutTiming(
  rows: readonly ReconstructRow[],
  pushedAt: number | null,
  asOf: number,
  regionLimit = 5,
  unknownRegion = 'unknown',
): RolloutTiming {
  const { timed } = timedRows(rows, asOf);
  const targeted = timed.filter((r) => r.status !== 'DELETED').length;
  const successes = timed.filter((r) => r.status === 'SUCCESS');
  const origin = pushedAt ?? timed.reduce<number | null>((min, r) => Math.min(min ?? Infinity, r.start), null);
  const doneAt = successes.map((r) => r.update).sort((a, b) => a - b);
  const toPercent = [50, 90, 99].map((pct) => {
    const needed = Math.ceil((pct / 100) * targeted);
    const reached = needed > 0 ? doneAt[needed - 1] : undefined;
    return { pct, ms: origin === null || reached === undefined ? null : Math.max(0, reached - origin) };
  });
  const byRegion = new Map<string, number[]>();
  if (origin !== null) {
    for (const r of successes) {
      const id = r.regionId ?? unknownRegion;
      let list = byRegion.get(id);
      if (!list) byRegion.set(id, (list = []));
      list.push(Math.max(0, r.update - origin));
    }
  }
  const slowestRegions = [...byRegion.entries()]
    .map(([regionId, list]) => {
      const sorted = list.sort((a, b) => a - b);
      return { regionId, succeeded: sorted.length, medianMs: percentile(sorted, 50), p90Ms: percentile(sorted, 90) };
    })
    .sort((a, b) => b.p90Ms - a.p90Ms || b.medianMs - a.medianMs || a.regionId.localeCompare(b.regionId))
    .slice(0, regionLimit);
  return { pushedAt: origin, targeted, toPercent, slowestRegions };
}

/** FAILED among settled instances at each point, as a fraction (points with none settled are skipped). */
export function failureRateSeries(samples: readonly Sample[]): { t: number; rate: number }[] {
  return samples.flatMap((s) => {
    const settled = s.counts.SUCCESS + s.counts.FAILED;
    return settled === 0 ? [] : [{ t: s.t, rate: s.counts.FAILED / settled }];
  });
}

/** The series as it stood at `at`: the points up to then (for a link pinned to a past moment). */
export function seriesUntil<T extends Sample>(series: readonly T[], at: number): T[] {
  return series.filter((s) => s.t <= at);
}

const sameCounts = (a: StatusCounts, b: StatusCounts) => (Object.keys(a) as DistStatus[]).every((s) => a[s] === b[s]);

/**
 * A finished rollout read days later is a few minutes of change and then a flat line
 * to now; drawn to scale the change is a sliver. When the unchanged tail is longer than
 * the change itself, the chart stops at the last change (its counts are the current
 * ones) and says since when nothing changed.
 */
export function trimFlatTail<T extends Sample>(samples: readonly T[]): { samples: T[]; unchangedSince: number | null } {
  const last = samples.at(-1);
  const first = samples[0];
  if (!last || !first) return { samples: [...samples], unchangedSince: null };
  let i = samples.length - 1;
  while (i > 0 && sameCounts(samples[i - 1]!.counts, last.counts)) i -= 1;
  const changedAt = samples[i]!.t;
  if (last.t - changedAt <= changedAt - first.t) return { samples: [...samples], unchangedSince: null };
  // Keep a short flat stretch after the change so the end reads as a plateau.
  const pad = Math.max(60_000, (changedAt - first.t) * 0.1);
  const kept = samples.slice(0, i + 1);
  return { samples: [...kept, { ...last, t: changedAt + pad }], unchangedSince: changedAt };
}
