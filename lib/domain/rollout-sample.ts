import type { DistStatus } from '@/lib/ens/models';
import type { GateSample } from './rollout-gate';
import { emptyCounts, type StatusCounts } from './status';
import { lastMoved, type DistRow } from './version-detail';

/*
 * What a stage's gate sees: the rows of the rollout's files in the stage's new regions,
 * folded to one status per instance (an instance with several files is counted once,
 * by its worst file), with stuck and never-seen instances made explicit.
 */

/** Worst first: an instance is as far along as its least advanced file. */
const SEVERITY: Record<DistStatus, number> = { FAILED: 4, DELETED: 3, DISTING: 2, POD_RESTARTING: 1, SUCCESS: 0 };

export interface StageSampleInput {
  /** The rows of each file of the rollout (one list per file), regions attributed. */
  rowsPerFile: readonly (readonly DistRow[])[];
  /** The regions the stage's distribution targeted. */
  regions: readonly string[];
  /** N: instances in those regions when the distribution started. */
  population: number;
  /** ENS time now and when the distribution started (epoch ms). */
  now: number;
  distributedAt: number;
  stuckAfterSeconds: number;
}

export interface StageSample extends GateSample {
  /** Counts per instance as ENS reports them (before stuck ones are counted as failed). */
  reported: StatusCounts;
}

export function stageSample(input: StageSampleInput): StageSample {
  const regions = new Set(input.regions);
  const files = input.rowsPerFile.length;
  const byInstance = new Map<string, { status: DistStatus; since: number; seen: number }>();
  for (const rows of input.rowsPerFile) {
    for (const row of rows) {
      if (row.regionId === undefined || !regions.has(row.regionId)) continue;
      const moved = Date.parse(lastMoved(row));
      const entry = byInstance.get(row.instanceId);
      if (!entry) {
        byInstance.set(row.instanceId, { status: row.status, since: moved, seen: 1 });
        continue;
      }
      entry.seen += 1;
      if (SEVERITY[row.status] > SEVERITY[entry.status]) {
        entry.status = row.status;
        entry.since = moved;
      } else if (row.status === entry.status) entry.since = Math.min(entry.since, moved);
    }
  }
  const reported = emptyCounts();
  const counts = emptyCounts();
  const stuckBefore = input.now - input.stuckAfterSeconds * 1000;
  let stuck = 0;
  for (const entry of byInstance.values()) {
    // An instance missing one of the files has not finished, whatever the others say.
    const status: DistStatus = entry.seen < files && entry.status === 'SUCCESS' ? 'DISTING' : entry.status;
    reported[status] += 1;
    if ((status === 'DISTING' || status === 'POD_RESTARTING') && entry.since <= stuckBefore) stuck += 1;
    // A deleted copy is a failure of the rollout as much as a failed download.
    else if (status === 'DELETED') counts.FAILED += 1;
    else counts[status] += 1;
  }
  const seen = byInstance.size;
  const overdue = input.now - input.distributedAt >= input.stuckAfterSeconds * 1000;
  const missing = overdue ? Math.max(0, input.population - seen) : 0;
  return { population: Math.max(input.population, seen), counts, stuck, missing, reported };
}
