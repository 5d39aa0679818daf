import type { DistStatus } from '@/lib/ens/models';
import type { DistRow } from './version-detail';
import { UNKNOWN_REGION } from './version-detail';

/*
 * What on an application needs a person now, from the rows its overview already reads
 * (every instance row of every version) and its pre-push answer: failures that rose
 * lately, instances stuck far beyond their region's usual time, pre-push regions that
 * failed, instances deleted after a version finished.
 */

export const ATTENTION_CAUSES = ['failures-rising', 'stuck', 'prepush-failed', 'deleted-since-done'] as const;
export type AttentionCause = (typeof ATTENTION_CAUSES)[number];

export interface AttentionItem {
  cause: AttentionCause;
  name: string;
  version: string;
  /** Instances (or pre-push regions) concerned. */
  count: number;
  /** The version page's instance filter that lists them. */
  filter: { status: DistStatus[]; region: string[] };
  /** When it last happened (epoch ms), for ordering. */
  at: number;
}

export const RECENT_FAILURE_WINDOW_MS = 15 * 60_000;
/** An instance is stuck once in flight this many times its region's median time to settle... */
const STUCK_FACTOR = 5;
/** ...and at least this long, so a fast region's minute-long median does not flag ordinary work. */
const STUCK_FLOOR_MS = 15 * 60_000;

const key = (name: string, version: string) => `${name}\u0000${version}`;
const ms = (time: string) => {
  const t = Date.parse(time);
  return Number.isFinite(t) ? t : null;
};

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  // A typed array sorts numerically without a comparator: three to four times faster over a
  // region's hundred thousand settle times than Array#sort with one.
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? null;
}

interface VersionTally {
  name: string;
  version: string;
  recentFailed: number;
  lastFailedAt: number;
  stuck: number;
  oldestStuckAt: number;
  inFlight: number;
  lastSettledAt: number;
  deletedAt: number[];
}

/** What attention needs of a row: its times parsed (null when unreadable). */
export interface AttentionRow {
  name: string;
  version: string;
  regionId: string | undefined;
  status: DistStatus;
  start: number | null;
  update: number | null;
}

/** Attention items from one application's instance rows, as of `now`. */
export function instanceAttention(rows: readonly DistRow[], now: number): AttentionItem[] {
  return attentionOf(
    {
      *[Symbol.iterator]() {
        for (const r of rows)
          yield {
            name: r.name,
            version: r.version,
            regionId: r.regionId,
            status: r.status,
            start: ms(r.startTime),
            update: ms(r.updateTime),
          };
      },
    },
    now,
  );
}

/**
 * Attention items from rows whose times are parsed, walked twice; a row is read only
 * while it is visited, so a caller may hand the same object back filled anew each time.
 */
export function attentionOf(rows: Iterable<AttentionRow>, now: number): AttentionItem[] {
  const tally = new AttentionTally(now);
  for (const r of rows) tally.settle(r);
  for (const r of rows) tally.count(r);
  return tally.items();
}

/**
 * attentionOf a step at a time, for a caller that pauses between rows (the overview's
 * scan of a million rows yields to requests between chunks): every row through
 * `settle`, then every row through `count`, then `items`.
 */
export class AttentionTally {
  /** Each region's times from start to outcome, over every version of the application. */
  private readonly settleTimes = new Map<string, number[]>();
  private limits: Map<string, number> | undefined;
  private readonly versions = new Map<string, VersionTally>();

  constructor(private readonly now: number) {}

  /** First pass: the row's time to settle, toward its region's median. */
  settle(r: AttentionRow): void {
    if (r.status !== 'SUCCESS' && r.status !== 'FAILED') return;
    const start = r.start;
    const update = r.update;
    if (start === null || update === null || update < start) return;
    const region = r.regionId ?? UNKNOWN_REGION;
    let list = this.settleTimes.get(region);
    if (!list) this.settleTimes.set(region, (list = []));
    list.push(update - start);
  }

  /** Second pass: the row counted toward its version's causes. */
  count(r: AttentionRow): void {
    const limits = (this.limits ??= this.stuckLimits());
    const now = this.now;
    const k = key(r.name, r.version);
    let v = this.versions.get(k);
    if (!v)
      this.versions.set(
        k,
        (v = {
          name: r.name,
          version: r.version,
          recentFailed: 0,
          lastFailedAt: 0,
          stuck: 0,
          oldestStuckAt: 0,
          inFlight: 0,
          lastSettledAt: 0,
          deletedAt: [],
        }),
      );
    const update = r.update ?? 0;
    if (r.status === 'FAILED') {
      if (update >= now - RECENT_FAILURE_WINDOW_MS) v.recentFailed += 1;
      v.lastFailedAt = Math.max(v.lastFailedAt, update);
    }
    if (r.status === 'SUCCESS' || r.status === 'FAILED') v.lastSettledAt = Math.max(v.lastSettledAt, update);
    if (r.status === 'DELETED') v.deletedAt.push(update);
    if (r.status === 'DISTING' || r.status === 'POD_RESTARTING') {
      v.inFlight += 1;
      const start = r.start ?? update;
      const limit = limits.get(r.regionId ?? UNKNOWN_REGION) ?? STUCK_FLOOR_MS;
      if (now - start > limit) {
        v.stuck += 1;
        v.oldestStuckAt = v.oldestStuckAt === 0 ? start : Math.min(v.oldestStuckAt, start);
      }
    }
  }

  private stuckLimits(): Map<string, number> {
    const limits = new Map<string, number>();
    for (const [region, list] of this.settleTimes)
      limits.set(region, Math.max(STUCK_FLOOR_MS, STUCK_FACTOR * (median(list) ?? 0)));
    return limits;
  }

  /** The items, once every row went through both passes. */
  items(): AttentionItem[] {
    const items: AttentionItem[] = [];
    const none: string[] = [];
    for (const v of this.versions.values()) {
      const base = { name: v.name, version: v.version };
      if (v.recentFailed > 0)
        items.push({
          ...base,
          cause: 'failures-rising',
          count: v.recentFailed,
          filter: { status: ['FAILED'], region: none },
          at: v.lastFailedAt,
        });
      if (v.stuck > 0)
        items.push({
          ...base,
          cause: 'stuck',
          count: v.stuck,
          filter: { status: ['DISTING', 'POD_RESTARTING'], region: none },
          at: v.oldestStuckAt,
        });
      // Deleted after the version finished: instances that had the data are gone.
      const deletedSince =
        v.inFlight === 0 && v.lastSettledAt > 0 ? v.deletedAt.filter((t) => t > v.lastSettledAt) : [];
      if (deletedSince.length > 0)
        items.push({
          ...base,
          cause: 'deleted-since-done',
          count: deletedSince.length,
          filter: { status: ['DELETED'], region: none },
          at: Math.max(...deletedSince),
        });
    }
    return items;
  }
}

/** A failed pre-push older than this is history, not something to act on now. */
export const PREPUSH_FAILURE_WINDOW_MS = 24 * 3_600_000;

/** Pre-push regions that failed within the last day, one item per version. */
export function prePushAttention(
  pushRows: readonly { name: string; version: string; regionId: string; status: string; updateTime: string }[],
  now: number,
): AttentionItem[] {
  const byVersion = new Map<string, AttentionItem>();
  for (const p of pushRows) {
    if (p.status !== 'FAILED' || (ms(p.updateTime) ?? 0) < now - PREPUSH_FAILURE_WINDOW_MS) continue;
    const k = key(p.name, p.version);
    const item = byVersion.get(k) ?? {
      cause: 'prepush-failed' as const,
      name: p.name,
      version: p.version,
      count: 0,
      filter: { status: [], region: [] },
      at: 0,
    };
    item.count += 1;
    item.filter.region.push(p.regionId);
    item.at = Math.max(item.at, ms(p.updateTime) ?? 0);
    byVersion.set(k, item);
  }
  return [...byVersion.values()];
}

const CAUSE_RANK: Record<AttentionCause, number> = {
  'failures-rising': 0,
  stuck: 1,
  'prepush-failed': 2,
  'deleted-since-done': 3,
};

/** Most urgent first: cause, then most recent, then most instances. */
export function sortAttention(items: readonly AttentionItem[]): AttentionItem[] {
  return [...items].sort(
    (a, b) =>
      CAUSE_RANK[a.cause] - CAUSE_RANK[b.cause] || b.at - a.at || b.count - a.count || a.name.localeCompare(b.name),
  );
}
