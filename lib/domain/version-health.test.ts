import { describe, expect, test } from 'vitest';
import { appHealth, byHealth, failureRate, troubleOf } from './version-health';
import { emptyCounts } from './status';

const v = (failed: number, total: number, trend?: number[]) => ({
  counts: { ...emptyCounts(), FAILED: failed, SUCCESS: total - failed },
  total,
  trend,
});

describe('version health', () => {
  test('the usual 1 % of failures is not trouble; a failure rate over 5 % is', () => {
    expect(troubleOf(v(10, 1000))).toBeNull();
    expect(troubleOf(v(1, 1000))).toBeNull();
    expect(troubleOf(v(60, 1000))).toBe('failure-rate');
    expect(failureRate(v(24, 712))).toBeCloseTo(24 / 712);
  });

  test('a success share that fell by more than the threshold lately is trouble, even under the rate', () => {
    expect(troubleOf(v(30, 1000, [0.99, 0.99, 0.97, 0.9]))).toBe('falling');
    expect(troubleOf(v(30, 1000, [0.96, 0.97, 0.97]))).toBeNull();
  });

  test('ranking puts versions in trouble first, not the ones with any failure', () => {
    const usual = { id: 'usual', ...v(10, 1000) };
    const trouble = { id: 'trouble', ...v(80, 1000) };
    const clean = { id: 'clean', ...v(0, 1000) };
    expect([clean, usual, trouble].sort(byHealth).map((x) => x.id)).toEqual(['trouble', 'usual', 'clean']);
    expect(appHealth([usual, clean, trouble])).toEqual({ troubled: 1, worst: 0.08 });
  });
});
