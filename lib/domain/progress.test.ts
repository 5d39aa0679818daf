import { describe, expect, test } from 'vitest';
import {
  etaMs,
  mergeSamples,
  regionRows,
  settleRatePerMinute,
  statusSegments,
  successSeries,
  toAreaSeries,
  type Sample,
} from './progress';
import { inFlightOf, rolloutState, successRate, type StatusCounts } from './status';

const c = (o: Partial<StatusCounts> = {}): StatusCounts => ({
  SUCCESS: 0,
  DISTING: 0,
  FAILED: 0,
  POD_RESTARTING: 0,
  DELETED: 0,
  ...o,
});
const at = (minute: number, counts: Partial<StatusCounts>): Sample => ({ t: minute * 60_000, counts: c(counts) });

describe('chart transforms', () => {
  test.each([
    ['empty', c(), null],
    ['all success', c({ SUCCESS: 4 }), 1],
    ['deleted do not count against success', c({ SUCCESS: 3, DELETED: 1 }), 1],
    ['half failed', c({ SUCCESS: 1, FAILED: 1 }), 0.5],
    ['only deleted', c({ DELETED: 2 }), null],
  ])('successRate() %s', (_, counts, expected) => {
    expect(successRate(counts)).toBe(expected);
  });

  test.each([
    [c(), 'no-instances'],
    [c({ SUCCESS: 2, DISTING: 1 }), 'in-flight'],
    [c({ SUCCESS: 2, POD_RESTARTING: 1 }), 'in-flight'],
    [c({ SUCCESS: 2 }), 'done'],
    [c({ SUCCESS: 2, FAILED: 1, DELETED: 1 }), 'done-with-failures'],
  ] as const)('rolloutState(%o) is %s', (counts, expected) => {
    expect(rolloutState(counts)).toBe(expected);
  });

  test('inFlightOf() counts distributing and restarting', () => {
    expect(inFlightOf(c({ DISTING: 2, POD_RESTARTING: 3, SUCCESS: 9 }))).toBe(5);
  });

  test.each([
    ['empty', c(), []],
    [
      'keeps stacking order and drops zeros',
      c({ FAILED: 1, SUCCESS: 3 }),
      [
        { status: 'SUCCESS', count: 3, fraction: 0.75 },
        { status: 'FAILED', count: 1, fraction: 0.25 },
      ],
    ],
  ])('statusSegments() %s', (_, counts, expected) => {
    expect(statusSegments(counts)).toEqual(expected);
  });

  test('mergeSamples() orders by time and lets the later source win on the same instant', () => {
    const merged = mergeSamples(
      [at(2, { SUCCESS: 2 }), at(0, { SUCCESS: 0 })],
      [at(2, { SUCCESS: 3 }), at(1, { SUCCESS: 1 })],
    );
    expect(merged.map((s) => [s.t / 60_000, s.counts.SUCCESS])).toEqual([
      [0, 0],
      [1, 1],
      [2, 3],
    ]);
  });

  test('toAreaSeries() flattens counts next to the time', () => {
    expect(toAreaSeries([at(1, { SUCCESS: 1, DISTING: 2 })])).toEqual([
      { t: 60_000, SUCCESS: 1, DISTING: 2, FAILED: 0, POD_RESTARTING: 0, DELETED: 0 },
    ]);
  });

  test.each([
    ['no samples', [], null],
    ['one sample', [at(0, { SUCCESS: 5 })], null],
    ['10 settled in 2 minutes', [at(0, { SUCCESS: 0, DISTING: 10 }), at(2, { SUCCESS: 8, FAILED: 2 })], 5],
    ['only the last 5 minutes count', [at(0, {}), at(10, { SUCCESS: 10 }), at(15, { SUCCESS: 20 })], 2],
    ['going backwards is 0, not negative', [at(0, { SUCCESS: 5 }), at(1, { SUCCESS: 2 })], 0],
  ])('settleRatePerMinute() %s', (_, samples, expected) => {
    expect(settleRatePerMinute(samples)).toBe(expected);
  });

  test.each([
    [0, null, 0],
    [10, null, null],
    [10, 0, null],
    [10, 5, 120_000],
  ])('etaMs(%d in flight, %s/min) is %s', (inFlight, rate, expected) => {
    expect(etaMs(inFlight, rate)).toBe(expected);
  });

  test('successSeries() skips samples without instances', () => {
    expect(successSeries([at(0, {}), at(1, { SUCCESS: 1, DISTING: 3 }), at(2, { SUCCESS: 4 })])).toEqual([0.25, 1]);
  });

  test('regionRows() puts failing, then in-flight regions first', () => {
    const rows = regionRows([
      { regionId: 'a', counts: c({ SUCCESS: 5 }) },
      { regionId: 'b', counts: c({ DISTING: 2 }) },
      { regionId: 'c', counts: c({ FAILED: 1, SUCCESS: 1 }) },
    ]);
    expect(rows.map((r) => [r.regionId, r.total])).toEqual([
      ['c', 2],
      ['b', 2],
      ['a', 5],
    ]);
  });
});
