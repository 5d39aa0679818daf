import type { DistRow } from '@/lib/ens/schemas';

/*
 * Stragglers: instances distributing far longer than their region's usual time. One
 * stuck download (a timeout of 1,800 s, say) otherwise keeps the rollout "almost done"
 * with an ETA that resets on every poll. They are flagged, left out of the ETA, and
 * the ETA says it cannot know when they will settle.
 */

/** How many times the region's median an instance may take before it is a straggler. */
export const STRAGGLER_FACTOR = 3;
/** ...and at least this much longer than the median: a 20 s median does not make a 61 s download stuck. */
export const STRAGGLER_MIN_EXTRA_MS = 5 * 60_000;
/** Settled instances needed for a median to mean anything. */
const MIN_SAMPLES = 3;
/** Instance ids listed with the count (enough to filter a table page). */
const MAX_IDS = 200;

export interface Stragglers {
  count: number;
  /** Up to 200 of them, longest in state first. */
  instanceIds: string[];
}

type Row = Pick<DistRow, 'instanceId' | 'regionId' | 'status' | 'startTime' | 'updateTime'>;

function median(values: number[]): number | null {
  if (values.length < MIN_SAMPLES) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** How long a settled instance took: from its start to its last update (null when the times do not say). */
function settleMs(row: Row): number | null {
  const start = Date.parse(row.startTime);
  const end = Date.parse(row.updateTime);
  return Number.isFinite(start) && Number.isFinite(end) && end >= start ? end - start : null;
}

/**
 * DISTING instances in their state longer than max(3 × median, median + 5 min) of the
 * settle times (SUCCESS or FAILED) in their region, or of the whole version where the
 * region has too few. `now` is on ENS's clock (the rows' times are ENS's).
 */
export function findStragglers(rows: readonly Row[], now: number): Stragglers {
  const byRegion = new Map<string, number[]>();
  const all: number[] = [];
  const distributing: Row[] = [];
  for (const row of rows) {
    if (row.status === 'DISTING') {
      distributing.push(row);
      continue;
    }
    if (row.status !== 'SUCCESS' && row.status !== 'FAILED') continue;
    const ms = settleMs(row);
    if (ms === null) continue;
    all.push(ms);
    const region = row.regionId ?? '';
    let list = byRegion.get(region);
    if (!list) byRegion.set(region, (list = []));
    list.push(ms);
  }
  if (distributing.length === 0) return { count: 0, instanceIds: [] };
  const overall = median(all);
  const medians = new Map<string, number | null>();
  const found: { id: string; inState: number }[] = [];
  for (const row of distributing) {
    const region = row.regionId ?? '';
    if (!medians.has(region)) medians.set(region, median(byRegion.get(region) ?? []) ?? overall);
    const typical = medians.get(region) ?? null;
    if (typical === null) continue;
    const since = Date.parse(row.updateTime || row.startTime);
    if (!Number.isFinite(since)) continue;
    const inState = now - since;
    if (inState > Math.max(STRAGGLER_FACTOR * typical, typical + STRAGGLER_MIN_EXTRA_MS))
      found.push({ id: row.instanceId, inState });
  }
  found.sort((a, b) => b.inState - a.inState || (a.id < b.id ? -1 : 1));
  return { count: found.length, instanceIds: found.slice(0, MAX_IDS).map((f) => f.id) };
}

/**
 * Time until the non-straggling in-flight instances settle at `ratePerMinute`; null when
 * unknown. With stragglers the page says "ETA unknown: N stragglers" instead.
 */
export function etaWithoutStragglers(
  inFlight: number,
  stragglers: number,
  ratePerMinute: number | null,
): number | null {
  const rest = Math.max(0, inFlight - stragglers);
  if (rest === 0) return 0;
  if (ratePerMinute === null || ratePerMinute <= 0) return null;
  return (rest / ratePerMinute) * 60_000;
}
