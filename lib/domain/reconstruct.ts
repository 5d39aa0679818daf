import type { DistStatus, PushStatus } from '@/lib/ens/models';
import { DIST_STATUSES } from '@/lib/ens/models';
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
function latestPerInstance<T extends ReconstructRow>(rows: readonly T[]): readonly T[] {
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
  // Rows of one read are one per instance already: keep the caller's array then.
  return byId.size === rows.length ? rows : [...byId.values()];
}

const STATUS_INDEX: ReadonlyMap<DistStatus, number> = new Map(DIST_STATUSES.map((s, i) => [s, i]));
const DISTING = STATUS_INDEX.get('DISTING')!;
const DELETED = STATUS_INDEX.get('DELETED')!;
const SUCCESS = STATUS_INDEX.get('SUCCESS')!;

/** Sorted ascending, in place (a typed array sorts numerically). */
const sorted = (values: Float64Array) => values.sort();

/** How many of the sorted values are ≤ t. */
function countUpTo(values: Float64Array, t: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] as number) <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Rows' times as the curve reads them (one instance each), and how many were skewed
 * or had no time. Held as typed arrays: at 100,000 instances an object per row, and a
 * map of counts per distinct instant, cost hundreds of milliseconds per read.
 */
export class TimedRows {
  skewed = 0;
  untimed = 0;
  length = 0;
  /** The latest readable time of any row before clamping (-Infinity with none). */
  latest = -Infinity;
  private status = new Uint8Array(64);
  private start = new Float64Array(64);
  private update = new Float64Array(64);
  private regions: (string | undefined)[] = [];
  private byStatus: { starts: Float64Array; updates: Float64Array[] } | undefined;

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
    this.latest = Math.max(this.latest, update);
    if (this.length === this.status.length) this.grow();
    const i = this.length++;
    this.status[i] = STATUS_INDEX.get(status) ?? DISTING;
    this.start[i] = Math.min(start, this.asOf);
    this.update[i] = Math.min(update, this.asOf);
    this.regions[i] = regionId;
    this.byStatus = undefined;
  }

  private grow(): void {
    const size = this.status.length * 2;
    const status = new Uint8Array(size);
    status.set(this.status);
    const start = new Float64Array(size);
    start.set(this.start);
    const update = new Float64Array(size);
    update.set(this.update);
    [this.status, this.start, this.update] = [status, start, update];
  }

  /**
   * The instants the counts are read from, each sorted: the starts of every instance
   * not DELETED (it is DISTING from then), and per status the updates of the
   * instances that reached it (a DELETED one counts only from its deletion).
   */
  sortedTimes(): { starts: Float64Array; updates: Float64Array[] } {
    if (this.byStatus) return this.byStatus;
    const sizes = new Array<number>(DIST_STATUSES.length).fill(0);
    let live = 0;
    for (let i = 0; i < this.length; i++) {
      const s = this.status[i] as number;
      sizes[s] = (sizes[s] as number) + 1;
      if (s !== DELETED) live += 1;
    }
    const starts = new Float64Array(live);
    const updates = sizes.map((n) => new Float64Array(n));
    const filled = new Array<number>(DIST_STATUSES.length).fill(0);
    let k = 0;
    for (let i = 0; i < this.length; i++) {
      const s = this.status[i] as number;
      if (s !== DELETED) starts[k++] = this.start[i] as number;
      (updates[s] as Float64Array)[(filled[s] as number)++] = this.update[i] as number;
    }
    sorted(starts);
    for (const u of updates) sorted(u);
    return (this.byStatus = { starts, updates });
  }

  /** The counts by status at `t`: DISTING from its start, then its status from its update. */
  countsAt(t: number): StatusCounts {
    const { starts, updates } = this.sortedTimes();
    const counts = emptyCounts();
    let settled = 0;
    DIST_STATUSES.forEach((status, s) => {
      if (s === DISTING) return;
      const n = countUpTo(updates[s] as Float64Array, t);
      counts[status] = n;
      if (s !== DELETED) settled += n;
    });
    counts.DISTING = countUpTo(starts, t) - settled;
    return counts;
  }

  /** The earliest event: an instance's start, or a deleted one's deletion; null with no rows. */
  firstEvent(): number | null {
    const { starts, updates } = this.sortedTimes();
    const first = Math.min(starts[0] ?? Infinity, (updates[DELETED] as Float64Array)[0] ?? Infinity);
    return Number.isFinite(first) ? first : null;
  }

  /** The earliest start of any row (DELETED ones included); null with no rows. */
  earliestStart(): number | null {
    let min = Infinity;
    for (let i = 0; i < this.length; i++) min = Math.min(min, this.start[i] as number);
    return Number.isFinite(min) ? min : null;
  }

  /** Count of rows not DELETED. */
  live(): number {
    return this.sortedTimes().starts.length;
  }

  /** Each success's region and update, for per-region timing. */
  forEachSuccess(visit: (regionId: string | undefined, update: number) => void): void {
    for (let i = 0; i < this.length; i++)
      if (this.status[i] === SUCCESS) visit(this.regions[i], this.update[i] as number);
  }
}

/**
 * Rows with their times parsed, clamped to `asOf` and to start ≤ update. With
 * `onePerInstance` the caller knows the rows hold each instance once (one read's
 * rows), and the search for an instance's latest row is skipped.
 */
export function timedRows(rows: readonly ReconstructRow[], asOf: number, onePerInstance = false): TimedRows {
  const out = new TimedRows(asOf);
  const time = timeParser();
  for (const row of onePerInstance ? rows : latestPerInstance(rows))
    out.add(row.status, row.regionId, time(row.startTime), time(row.updateTime));
  return out;
}

/** ISO-8601 text as epoch ms, NaN when unreadable (as the curve parses ENS's times). */
export const parseTime = parse;

/**
 * parseTime through a cache, for one pass over a read: its times repeat (interned, to
 * the second), so each distinct text is parsed once.
 */
export function timeParser(): (text: string) => number {
  const parsed = new Map<string, number>();
  return (text) => {
    let ms = parsed.get(text);
    if (ms === undefined) parsed.set(text, (ms = parse(text)));
    return ms;
  };
}

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
  timed: TimedRows,
  pushRows: readonly ReconstructPushRow[],
  asOf: number,
  maxPoints = DEFAULT_MAX_POINTS,
): Reconstruction {
  const { skewed, untimed } = timed;
  const prePush = prePushSpans(pushRows, asOf);
  let pushedAt = timed.firstEvent();
  for (const p of prePush) if (p.startedAt !== null) pushedAt = Math.min(pushedAt ?? Infinity, p.startedAt);

  const instants = changeInstants(timed);
  const points: Sample[] = [];
  const first = instants[0];
  if (first !== undefined) {
    const zeroAt = pushedAt !== null && pushedAt < first ? pushedAt : first - 1_000;
    points.push({ t: zeroAt, counts: emptyCounts() });
  }
  for (const t of downsample(instants, Math.max(2, maxPoints - 2))) points.push({ t, counts: timed.countsAt(t) });
  const last = points.at(-1);
  if (last && last.t < asOf) points.push({ t: asOf, counts: timed.countsAt(Infinity) });
  return { points, prePush, pushedAt, skewed, untimed };
}

/**
 * A reconstruction made at one `asOf`, as made at another: valid when no time it was
 * built from is later than either (nothing was clamped) and none was unreadable (those
 * sit at asOf). Only the trailing point at asOf moves; `latest` is the latest time of
 * its rows and pre-push rows.
 */
export function reconstructionAt(reconstruction: Reconstruction, latest: number, asOf: number): Reconstruction {
  const { points } = reconstruction;
  const last = points.at(-1);
  if (!last) return reconstruction;
  const body = last.t > latest ? points.slice(0, -1) : points;
  const end = body.at(-1);
  if (!end) return reconstruction;
  return { ...reconstruction, points: end.t < asOf ? [...body, { t: asOf, counts: end.counts }] : body };
}

/** Every distinct instant a count changes at, ascending. */
function changeInstants(timed: TimedRows): Float64Array {
  const { starts, updates } = timed.sortedTimes();
  const all = new Float64Array(starts.length + updates.reduce((n, u, s) => n + (s === DISTING ? 0 : u.length), 0));
  all.set(starts);
  let at = starts.length;
  updates.forEach((u, s) => {
    if (s === DISTING) return;
    all.set(u, at);
    at += u.length;
  });
  sorted(all);
  let distinct = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[distinct - 1]) all[distinct++] = all[i] as number;
  return all.subarray(0, distinct);
}

/** Up to `max` instants spread evenly over the change instants, always keeping the first and the last. */
function downsample(instants: Float64Array, max: number): number[] {
  if (instants.length <= max) return Array.from(instants);
  const picked: number[] = [];
  let previous = -1;
  for (let i = 0; i < max; i += 1) {
    const index = Math.round((i * (instants.length - 1)) / (max - 1));
    if (index !== previous) picked.push(instants[index] as number);
    previous = index;
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
function percentile(sorted: ArrayLike<number>, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

export function rolloutTiming(
  rows: readonly ReconstructRow[],
  pushedAt: number | null,
  asOf: number,
  regionLimit = 5,
  unknownRegion = 'unknown',
): RolloutTiming {
  return rolloutTimingOf(timedRows(rows, asOf), pushedAt, regionLimit, unknownRegion);
}

/** rolloutTiming of rows already read into TimedRows (shared with the reconstruction). */
export function rolloutTimingOf(
  timed: TimedRows,
  pushedAt: number | null,
  regionLimit = 5,
  unknownRegion = 'unknown',
): RolloutTiming {
  const targeted = timed.live();
  const origin = pushedAt ?? timed.earliestStart();
  const doneAt = timed.sortedTimes().updates[SUCCESS] as Float64Array;
  const toPercent = [50, 90, 99].map((pct) => {
    const needed = Math.ceil((pct / 100) * targeted);
    const reached = needed > 0 ? doneAt[needed - 1] : undefined;
    return { pct, ms: origin === null || reached === undefined ? null : Math.max(0, reached - origin) };
  });
  const byRegion = new Map<string, number[]>();
  if (origin !== null) {
    timed.forEachSuccess((regionId, update) => {
      const id = regionId ?? unknownRegion;
      let list = byRegion.get(id);
      if (!list) byRegion.set(id, (list = []));
      list.push(Math.max(0, update - origin));
    });
  }
  const slowestRegions = [...byRegion.entries()]
    .map(([regionId, list]) => {
      const sorted = Float64Array.from(list).sort();
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
