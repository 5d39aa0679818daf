import type { DistRow } from '@/lib/ens/schemas';
import { timeParser } from './reconstruct';

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
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * What the straggler check needs of a read, whatever the time: each DISTING
 * instance's id, since when it is in that state, and its region's typical settle time.
 * Built once per read; `stragglersAt` then costs one pass over the in-flight ones.
 */
export interface StragglerProfile {
  ids: string[];
  since: Float64Array;
  typical: Float64Array;
}

export function stragglerProfile(rows: readonly Row[]): StragglerProfile {
  const parse = timeParser();
  const byRegion = new Map<string, number[]>();
  const all: number[] = [];
  const distributing: Row[] = [];
  for (const row of rows) {
    if (row.status === 'DISTING') {
      distributing.push(row);
      continue;
    }
    if (row.status !== 'SUCCESS' && row.status !== 'FAILED') continue;
    // How long a settled instance took: from its start to its last update (skipped when the times do not say).
    const start = parse(row.startTime);
    const end = parse(row.updateTime);
    if (!(Number.isFinite(start) && Number.isFinite(end) && end >= start)) continue;
    all.push(end - start);
    const region = row.regionId ?? '';
    let list = byRegion.get(region);
    if (!list) byRegion.set(region, (list = []));
    list.push(end - start);
  }
  const overall = distributing.length > 0 ? median(all) : null;
  const medians = new Map<string, number | null>();
  const ids: string[] = [];
  const since: number[] = [];
  const typical: number[] = [];
  for (const row of distributing) {
    const region = row.regionId ?? '';
    if (!medians.has(region)) medians.set(region, median(byRegion.get(region) ?? []) ?? overall);
    const usual = medians.get(region) ?? null;
    if (usual === null) continue;
    const at = parse(row.updateTime || row.startTime);
    if (!Number.isFinite(at)) continue;
    ids.push(row.instanceId);
    since.push(at);
    typical.push(usual);
  }
  return { ids, since: Float64Array.from(since), typical: Float64Array.from(typical) };
}

/**
 * DISTING instances in their state longer than max(3 × median, median + 5 min) of the
 * settle times (SUCCESS or FAILED) in their region, or of the whole version where the
 * region has too few. `now` is on ENS's clock (the rows' times are ENS's).
 */
export function stragglersAt({ ids, since, typical }: StragglerProfile, now: number): Stragglers {
  const found: { id: string; inState: number }[] = [];
  for (let i = 0; i < ids.length; i++) {
    const inState = now - (since[i] as number);
    const usual = typical[i] as number;
    if (inState > Math.max(STRAGGLER_FACTOR * usual, usual + STRAGGLER_MIN_EXTRA_MS))
      found.push({ id: ids[i] as string, inState });
  }
  found.sort((a, b) => b.inState - a.inState || (a.id < b.id ? -1 : 1));
  return { count: found.length, instanceIds: found.slice(0, MAX_IDS).map((f) => f.id) };
}

/** stragglersAt of the rows' profile, in one call. */
export function findStragglers(rows: readonly Row[], now: number): Stragglers {
  return stragglersAt(stragglerProfile(rows), now);
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
