import fc from 'fast-check';
import { expect, test } from 'vitest';
import { DIST_STATUSES, type DistStatus } from '@/lib/ens/models';
import { emptyCounts, type StatusCounts } from './status';
import { reconstructHistory, reconstructionAt, rolloutTiming, timedRows, type ReconstructRow } from './reconstruct';

/*
 * The rebuilt curve against its definition, evaluated row by row at each point: an
 * instance is DISTING from its start until its update, then in its status; a DELETED
 * one counts only from its deletion. Rows come with duplicates, skew, unreadable times
 * and times after asOf.
 */

const T0 = Date.parse('2026-11-26T07:00:00Z');
const ASOF = T0 + 120 * 60_000;
const iso = (second: number) => new Date(T0 + second * 1_000).toISOString().replace('.000', '');

const rowArb = fc.record({
  id: fc.integer({ min: 0, max: 60 }),
  status: fc.constantFrom(...DIST_STATUSES),
  start: fc.option(fc.integer({ min: 0, max: 8_000 }), { nil: undefined }),
  update: fc.option(fc.integer({ min: 0, max: 8_000 }), { nil: undefined }),
  region: fc.constantFrom('cn-a', 'cn-b', undefined),
});

function rowsOf(raw: { id: number; status: DistStatus; start?: number; update?: number; region?: string }[]) {
  return raw.map((r): ReconstructRow => ({
    instanceId: `i-${r.id}`,
    regionId: r.region,
    status: r.status,
    startTime: r.start === undefined ? 'not a time' : iso(r.start),
    updateTime: r.update === undefined ? '' : iso(r.update),
  }));
}

/** Each instance's latest row, its times as the curve reads them. */
function definition(rows: readonly ReconstructRow[]) {
  const latest = new Map<string, ReconstructRow>();
  for (const row of rows) {
    const known = latest.get(row.instanceId);
    if (
      !known ||
      row.updateTime > known.updateTime ||
      (row.updateTime === known.updateTime && row.startTime > known.startTime)
    )
      latest.set(row.instanceId, row);
  }
  return [...latest.values()].map((row) => {
    let start = Date.parse(row.startTime);
    let update = Date.parse(row.updateTime);
    if (Number.isNaN(start) && Number.isNaN(update)) start = update = ASOF;
    else if (Number.isNaN(start)) start = update;
    else if (Number.isNaN(update)) update = start;
    update = Math.max(update, start);
    return { status: row.status, region: row.regionId, start: Math.min(start, ASOF), update: Math.min(update, ASOF) };
  });
}

function countsAt(instances: ReturnType<typeof definition>, t: number): StatusCounts {
  const counts = emptyCounts();
  for (const r of instances) {
    if (r.status === 'DELETED') {
      if (r.update <= t) counts.DELETED += 1;
    } else if (r.status !== 'DISTING' && r.update <= t) counts[r.status] += 1;
    else if (r.start <= t) counts.DISTING += 1;
  }
  return counts;
}

test('every rebuilt point holds the counts its definition gives at that instant', () => {
  fc.assert(
    fc.property(fc.array(rowArb, { maxLength: 120 }), fc.integer({ min: 4, max: 40 }), (raw, maxPoints) => {
      const rows = rowsOf(raw);
      const instances = definition(rows);
      const { points } = reconstructHistory(rows, [], ASOF, maxPoints);
      if (instances.length === 0) {
        expect(points).toEqual([]);
        return;
      }
      expect(points.length).toBeLessThanOrEqual(maxPoints);
      expect(points[0]!.counts).toEqual(emptyCounts());
      for (let i = 1; i < points.length; i++) {
        expect(points[i]!.t).toBeGreaterThan(points[i - 1]!.t);
        expect(points[i]!.counts, `at ${points[i]!.t}`).toEqual(countsAt(instances, points[i]!.t));
      }
      expect(points.at(-1)!.counts).toEqual(countsAt(instances, Infinity));
      // The first change and the last one are among the points.
      const changes = instances.flatMap((r) =>
        r.status === 'DELETED' ? [r.update] : r.status === 'DISTING' ? [r.start] : [r.start, r.update],
      );
      const ts = points.map((p) => p.t);
      expect(ts).toContain(Math.min(...changes));
      expect(ts).toContain(Math.max(...changes));
    }),
    { numRuns: 300 },
  );
});

test('the rollout timing is the definition’s: nth success among the instances still there, per-region percentiles', () => {
  fc.assert(
    fc.property(fc.array(rowArb, { maxLength: 120 }), (raw) => {
      const rows = rowsOf(raw);
      const instances = definition(rows);
      const pushedAt = T0;
      const timing = rolloutTiming(rows, pushedAt, ASOF, 10);
      const targeted = instances.filter((r) => r.status !== 'DELETED').length;
      expect(timing.targeted).toBe(targeted);
      const done = instances
        .filter((r) => r.status === 'SUCCESS')
        .map((r) => r.update)
        .sort((a, b) => a - b);
      for (const { pct, ms } of timing.toPercent) {
        const reached = done[Math.ceil((pct / 100) * targeted) - 1];
        expect(ms, `${pct} %`).toBe(targeted === 0 || reached === undefined ? null : reached - pushedAt);
      }
      for (const region of timing.slowestRegions) {
        const times = instances
          .filter((r) => r.status === 'SUCCESS' && (r.region ?? 'unknown') === region.regionId)
          .map((r) => r.update - pushedAt)
          .sort((a, b) => a - b);
        expect(region.succeeded).toBe(times.length);
        expect(region.medianMs).toBe(times[Math.ceil(times.length / 2) - 1]);
        expect(region.p90Ms).toBe(times[Math.ceil(0.9 * times.length) - 1]);
      }
    }),
    { numRuns: 300 },
  );
});

test('a reconstruction moved to a later asOf is the one made there, when nothing was clamped or untimed', () => {
  const timedRaw = fc.array(
    rowArb.map((r) => ({ ...r, start: r.start ?? 0, update: r.update ?? 0 })),
    { maxLength: 80 },
  );
  fc.assert(
    fc.property(
      timedRaw,
      fc.integer({ min: 0, max: 3_600 }),
      fc.integer({ min: 4, max: 40 }),
      (raw, later, maxPoints) => {
        const rows = rowsOf(raw);
        const timed = timedRows(rows, ASOF);
        fc.pre(timed.untimed === 0 && timed.latest <= ASOF);
        const then = reconstructHistory(rows, [], ASOF, maxPoints);
        const asOf = ASOF + later * 1_000;
        expect(reconstructionAt(then, timed.latest, asOf)).toEqual(reconstructHistory(rows, [], asOf, maxPoints));
      },
    ),
    { numRuns: 300 },
  );
});

test('rows known to hold each instance once read the same without the search for duplicates', () => {
  fc.assert(
    fc.property(fc.uniqueArray(rowArb, { selector: (r) => r.id, maxLength: 60 }), (raw) => {
      const rows = rowsOf(raw);
      expect(timedRows(rows, ASOF, true)).toEqual(timedRows(rows, ASOF));
    }),
  );
});
