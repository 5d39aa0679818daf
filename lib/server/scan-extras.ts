import 'server-only';
import { instanceAttention, type AttentionItem } from '@/lib/domain/attention';
import { successSeries } from '@/lib/domain/progress';
import { reconstructHistory } from '@/lib/domain/reconstruct';
import type { DistRow } from '@/lib/domain/version-detail';

/*
 * What the overview's scan of an application's rows yields besides the summaries:
 * the attention items and each version's rebuilt success curve (the Trend column).
 * Kept per application until the next scan, so neither costs an ENS read of its own.
 */

export interface ScanExtras {
  at: number;
  attention: AttentionItem[];
  /** Success share over time per version, keyed `name\u0000version`. */
  trends: Map<string, number[]>;
}

/** Points of the overview's Trend column. */
export const TREND_POINTS = 24;
const holder = globalThis as typeof globalThis & { __ensScanExtras?: Map<string, ScanExtras> };
const extras = (holder.__ensScanExtras ??= new Map());

export const trendKey = (name: string, version: string) => `${name}\u0000${version}`;

/** What the overview's scan of every row of the application found (see AppScan). */
export function recordScan(appId: string, found: Omit<ScanExtras, 'at'>, now: number): void {
  extras.set(appId, { at: now, attention: found.attention, trends: found.trends });
}

export function scanExtras(appId: string): ScanExtras | undefined {
  return extras.get(appId);
}

// One rebuilt trend per read of a version's rows, shared by every overview request.
const trendMemo = new WeakMap<readonly DistRow[], number[]>();

/** The success curve of one version's held rows (a sweep or a cached read). */
export function heldTrend(rows: readonly DistRow[], asOf: number): number[] {
  let trend = trendMemo.get(rows);
  if (!trend) trendMemo.set(rows, (trend = successSeries(reconstructHistory(rows, [], asOf, TREND_POINTS).points)));
  return trend;
}

const attentionMemo = new WeakMap<readonly DistRow[], { now: number; items: AttentionItem[] }>();
/** Recomputed at most this often per read, as "the last 15 minutes" moves on. */
const ATTENTION_REFRESH_MS = 30_000;

/** Attention items of one version's held rows (when the overview counted rather than read every row). */
export function heldAttention(rows: readonly DistRow[], now: number): AttentionItem[] {
  const known = attentionMemo.get(rows);
  if (known && now - known.now < ATTENTION_REFRESH_MS) return known.items;
  const items = instanceAttention(rows, now);
  attentionMemo.set(rows, { now, items });
  return items;
}
