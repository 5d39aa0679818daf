import { describe, expect, test } from 'vitest';
import { emptyCounts, type StatusCounts } from './status';
import type { Sample } from './progress';
import {
  failureRateSeries,
  mergeHistory,
  reconstructedSpans,
  reconstructHistory,
  rolloutTiming,
  seriesUntil,
  trimFlatTail,
  type ReconstructPushRow,
  type ReconstructRow,
} from './reconstruct';

const T0 = Date.parse('2026-11-26T07:00:00Z');
const iso = (minute: number) => new Date(T0 + minute * 60_000).toISOString().replace('.000', '');
const c = (o: Partial<StatusCounts> = {}): StatusCounts => ({ ...emptyCounts(), ...o });
let seq = 0;
const row = (
  status: ReconstructRow['status'],
  start: number,
  update: number,
  o: Partial<ReconstructRow> = {},
): ReconstructRow => ({
  instanceId: `i-${(seq += 1)}`,
  regionId: 'cn-a',
  status,
  startTime: iso(start),
  updateTime: iso(update),
  ...o,
});
const ASOF = T0 + 60 * 60_000;
/** The rebuilt counts at minute m (the last point at or before it). */
function countsAt(points: readonly Sample[], minute: number): StatusCounts {
  const t = T0 + minute * 60_000;
  return points.filter((p) => p.t <= t).at(-1)?.counts ?? c();
}

describe('reconstructHistory', () => {
  test.each<[string, ReconstructRow[], [number, Partial<StatusCounts>][]]>([
    [
      'success after distributing',
      [row('SUCCESS', 0, 5), row('SUCCESS', 1, 10)],
      [
        [0, { DISTING: 1 }],
        [5, { SUCCESS: 1, DISTING: 1 }],
        [10, { SUCCESS: 2 }],
      ],
    ],
    [
      'a failure settles as FAILED',
      [row('FAILED', 0, 3), row('SUCCESS', 0, 4)],
      [
        [2, { DISTING: 2 }],
        [3, { FAILED: 1, DISTING: 1 }],
        [4, { FAILED: 1, SUCCESS: 1 }],
      ],
    ],
    // A restarted instance's row carries its latest attempt: it is absent until then.
    [
      'a restart shows from its new start',
      [row('SUCCESS', 0, 2), row('SUCCESS', 20, 25)],
      [
        [10, { SUCCESS: 1 }],
        [21, { SUCCESS: 1, DISTING: 1 }],
        [30, { SUCCESS: 2 }],
      ],
    ],
    [
      'a pod restart is in flight after its update',
      [row('POD_RESTARTING', 0, 4)],
      [
        [2, { DISTING: 1 }],
        [5, { POD_RESTARTING: 1 }],
      ],
    ],
    ['still distributing stays DISTING', [row('DISTING', 0, 0)], [[30, { DISTING: 1 }]]],
    // What a deleted instance did before is unknown: it counts only from the deletion.
    [
      'deleted counts from its deletion only',
      [row('SUCCESS', 0, 5), row('DELETED', 0, 40)],
      [
        [10, { SUCCESS: 1 }],
        [41, { SUCCESS: 1, DELETED: 1 }],
      ],
    ],
    // Failed then succeeded: ENS keeps one row, the success, so the failure is not shown.
    [
      'fail then succeed shows the success only',
      [row('SUCCESS', 10, 12)],
      [
        [11, { DISTING: 1 }],
        [13, { SUCCESS: 1 }],
      ],
    ],
    // Distributed twice: every row carries the second distribution's times.
    [
      'distributed twice shows the latest distribution',
      [row('SUCCESS', 30, 31), row('SUCCESS', 30, 32)],
      [
        [5, {}],
        [31.5, { SUCCESS: 1, DISTING: 1 }],
        [33, { SUCCESS: 2 }],
      ],
    ],
  ])('%s', (_, rows, expected) => {
    const { points } = reconstructHistory(rows, [], ASOF);
    for (const [minute, counts] of expected) expect(countsAt(points, minute), `at minute ${minute}`).toEqual(c(counts));
  });

  test('ends at the rows’ current counts at asOf and starts from zero', () => {
    const rows = [
      row('SUCCESS', 0, 5),
      row('FAILED', 1, 6),
      row('DISTING', 2, 2),
      row('DELETED', 3, 9),
      row('POD_RESTARTING', 1, 7),
    ];
    const { points } = reconstructHistory(rows, [], ASOF);
    expect(points[0]?.counts).toEqual(c());
    expect(points.at(-1)).toEqual({
      t: ASOF,
      counts: c({ SUCCESS: 1, FAILED: 1, DISTING: 1, DELETED: 1, POD_RESTARTING: 1 }),
    });
  });

  test('clock skew (UpdateTime before StartTime) is read as one instant and counted', () => {
    const rows = [row('SUCCESS', 10, 4), row('SUCCESS', 0, 1)];
    const r = reconstructHistory(rows, [], ASOF);
    expect(r.skewed).toBe(1);
    expect(countsAt(r.points, 5)).toEqual(c({ SUCCESS: 1 }));
    expect(countsAt(r.points, 10)).toEqual(c({ SUCCESS: 2 }));
    // Never a negative count from the skewed row.
    for (const p of r.points) for (const v of Object.values(p.counts)) expect(v).toBeGreaterThanOrEqual(0);
  });

  test('times after asOf are clamped to it; unreadable times appear at asOf', () => {
    const r = reconstructHistory(
      [row('SUCCESS', 0, 500), { ...row('FAILED', 0, 0), startTime: '', updateTime: 'x' }],
      [],
      ASOF,
    );
    expect(r.untimed).toBe(1);
    expect(Math.max(...r.points.map((p) => p.t))).toBe(ASOF);
    expect(r.points.at(-1)?.counts).toEqual(c({ SUCCESS: 1, FAILED: 1 }));
  });

  test('a row read twice keeps its latest state', () => {
    const first = row('DISTING', 0, 0, { instanceId: 'i-same' });
    const later = row('SUCCESS', 0, 8, { instanceId: 'i-same' });
    expect(reconstructHistory([later, first], [], ASOF).points.at(-1)?.counts).toEqual(c({ SUCCESS: 1 }));
  });

  test('the pre-push per region and the push time come from DescribeDataPushResult', () => {
    const push: ReconstructPushRow[] = [
      { regionId: 'cn-b', status: 'SUCCESS', startTime: iso(-5), updateTime: iso(-2) },
      { regionId: 'cn-a', status: 'PUSHING', startTime: iso(-4), updateTime: iso(-4) },
      { regionId: 'cn-c', status: 'FAILED', startTime: iso(-3), updateTime: iso(-1) },
    ];
    const r = reconstructHistory([row('SUCCESS', 0, 5)], push, ASOF);
    expect(r.pushedAt).toBe(T0 - 5 * 60_000);
    expect(r.points[0]).toEqual({ t: T0 - 5 * 60_000, counts: c() });
    expect(r.prePush).toEqual([
      { regionId: 'cn-b', status: 'SUCCESS', startedAt: T0 - 5 * 60_000, finishedAt: T0 - 2 * 60_000 },
      { regionId: 'cn-a', status: 'PUSHING', startedAt: T0 - 4 * 60_000, finishedAt: null },
      { regionId: 'cn-c', status: 'FAILED', startedAt: T0 - 3 * 60_000, finishedAt: T0 - 60_000 },
    ]);
  });

  test('a large fleet is sampled to at most maxPoints, keeping the start and the end', () => {
    const rows = Array.from({ length: 5_000 }, (_, i) =>
      row(i % 50 === 0 ? 'FAILED' : 'SUCCESS', i / 200, i / 100 + 1),
    );
    const r = reconstructHistory(rows, [], ASOF, 60);
    expect(r.points.length).toBeLessThanOrEqual(60);
    expect(r.points[0]?.counts).toEqual(c());
    expect(r.points.at(-1)?.counts).toEqual(c({ SUCCESS: 4_900, FAILED: 100 }));
    for (let i = 1; i < r.points.length; i += 1) expect(r.points[i]!.t).toBeGreaterThan(r.points[i - 1]!.t);
  });

  test('no rows, no points', () => {
    expect(reconstructHistory([], [], ASOF)).toEqual({
      points: [],
      prePush: [],
      pushedAt: null,
      skewed: 0,
      untimed: 0,
    });
  });
});

describe('mergeHistory', () => {
  const s = (minute: number, success: number): Sample => ({ t: T0 + minute * 60_000, counts: c({ SUCCESS: success }) });
  test('recorded points win over their span; the rebuilt curve fills before, in gaps and after', () => {
    const rebuilt = [0, 5, 10, 15, 20, 40, 60].map((m) => s(m, m));
    const recorded = [s(9, 100), s(11, 101), s(16, 102), s(50, 103)];
    const merged = mergeHistory(recorded, rebuilt);
    expect(merged.map((p) => [(p.t - T0) / 60_000, p.source])).toEqual([
      [0, 'reconstructed'],
      [5, 'reconstructed'],
      [9, 'recorded'],
      [11, 'recorded'],
      [16, 'recorded'],
      [20, 'reconstructed'],
      [40, 'reconstructed'],
      [50, 'recorded'],
      [60, 'reconstructed'],
    ]);
    expect(reconstructedSpans(merged).map((x) => [(x.from - T0) / 60_000, (x.to - T0) / 60_000])).toEqual(
      [
        [0, 9],
        [20, 50],
        [60, 60],
      ].filter(([a, b]) => b! > a!),
    );
  });

  test('no recorded points: all rebuilt', () => {
    expect(mergeHistory([], [s(0, 0), s(1, 1)]).every((p) => p.source === 'reconstructed')).toBe(true);
  });
});

describe('rolloutTiming', () => {
  test('time from the push to 50/90/99 % success and the slowest regions', () => {
    const rows = [
      ...Array.from({ length: 8 }, (_, i) => row('SUCCESS', 0, i + 1, { regionId: 'cn-fast' })),
      row('SUCCESS', 0, 30, { regionId: 'cn-slow' }),
      row('SUCCESS', 0, 40, { regionId: 'cn-slow' }),
      row('FAILED', 0, 3, { regionId: 'cn-slow' }),
      row('DELETED', 0, 50, { regionId: 'cn-slow' }),
    ];
    const t = rolloutTiming(rows, T0 - 60_000, ASOF);
    expect(t.targeted).toBe(11);
    // 50 % of 11 = 6th success (minute 6), 90 % = 10th (minute 40), 99 % = 11th: never.
    expect(t.toPercent).toEqual([
      { pct: 50, ms: 7 * 60_000 },
      { pct: 90, ms: 41 * 60_000 },
      { pct: 99, ms: null },
    ]);
    expect(t.slowestRegions).toEqual([
      { regionId: 'cn-slow', succeeded: 2, medianMs: 31 * 60_000, p90Ms: 41 * 60_000 },
      { regionId: 'cn-fast', succeeded: 8, medianMs: 5 * 60_000, p90Ms: 9 * 60_000 },
    ]);
  });

  test('nothing succeeded: no times', () => {
    expect(rolloutTiming([row('DISTING', 0, 0)], null, ASOF).toPercent.every((p) => p.ms === null)).toBe(true);
  });
});

test('failureRateSeries and seriesUntil', () => {
  const samples = [
    { t: 1, counts: c({ DISTING: 3 }) },
    { t: 2, counts: c({ SUCCESS: 3, FAILED: 1 }) },
  ];
  expect(failureRateSeries(samples)).toEqual([{ t: 2, rate: 0.25 }]);
  expect(seriesUntil(samples, 1)).toEqual([samples[0]]);
});

describe('trimFlatTail', () => {
  const p = (minute: number, success: number) => ({ t: T0 + minute * 60_000, counts: c({ SUCCESS: success }) });
  test('a long unchanged tail stops shortly after the last change, at the same counts', () => {
    const { samples, unchangedSince } = trimFlatTail([p(0, 0), p(5, 3), p(10, 5), p(3000, 5), p(6000, 5)]);
    expect(unchangedSince).toBe(T0 + 10 * 60_000);
    expect(samples.map((s) => (s.t - T0) / 60_000)).toEqual([0, 5, 10, 11]);
    expect(samples.at(-1)?.counts).toEqual(c({ SUCCESS: 5 }));
  });
  test('a tail shorter than the change is kept', () => {
    const given = [p(0, 0), p(10, 5), p(12, 5)];
    expect(trimFlatTail(given)).toEqual({ samples: given, unchangedSince: null });
  });
});
