import { describe, expect, test } from 'vitest';
import { evaluateGate, failureLimit, gateFor, type GateSample } from './rollout-gate';
import { emptyCounts, type StatusCounts } from './status';

const sample = (population: number, counts: Partial<StatusCounts>, extra: Partial<GateSample> = {}): GateSample => ({
  population,
  counts: { ...emptyCounts(), ...counts },
  stuck: 0,
  missing: 0,
  ...extra,
});

describe('gateFor()', () => {
  test('fills the defaults', () => {
    expect(gateFor(500)).toEqual({
      minFinished: 10,
      maxFailed: 2,
      maxFailedPct: 5,
      minFinishedPct: 95,
      minSuccessPct: undefined,
      stuckAfterSeconds: 1800,
    });
  });

  test('a population smaller than the floor waits for all of it, never for more', () => {
    expect(gateFor(3).minFinished).toBe(3);
    expect(gateFor(0).minFinished).toBe(1);
  });

  test('given fields win over the defaults', () => {
    expect(gateFor(500, { minFinished: 50, maxFailedPct: 1 })).toMatchObject({
      minFinished: 50,
      maxFailedPct: 1,
      maxFailed: 2,
    });
  });
});

test.each([
  [10, 2],
  [40, 2],
  [41, 3],
  [212, 11],
  [1000, 50],
])('failureLimit() for a population of %i is %i (the larger of 2 and 5 %%)', (population, limit) => {
  expect(failureLimit(gateFor(population), population)).toBe(limit);
});

describe('evaluateGate()', () => {
  test.each<[string, GateSample, number, string]>([
    ['no finished instance yet', sample(100, { DISTING: 100 }), 0, 'waiting'],
    ['below the floor even with failures', sample(100, { FAILED: 5, SUCCESS: 4, DISTING: 91 }), 0, 'waiting'],
    ['above the floor, healthy, not enough finished', sample(100, { SUCCESS: 50, DISTING: 50 }), 0, 'passing'],
    [
      'finished share reached, failures under the limit',
      sample(100, { SUCCESS: 95, FAILED: 4, DISTING: 1 }),
      0,
      'pass',
    ],
    [
      'failures at the limit: first evaluation only suspects',
      sample(100, { SUCCESS: 20, FAILED: 5, DISTING: 75 }),
      0,
      'breaching',
    ],
    [
      'failures at the limit on the second evaluation',
      sample(100, { SUCCESS: 20, FAILED: 5, DISTING: 75 }),
      1,
      'breach',
    ],
    [
      'stuck and missing instances count as failed',
      sample(100, { SUCCESS: 20, FAILED: 1, DISTING: 79 }, { stuck: 2, missing: 2 }),
      1,
      'breach',
    ],
  ])('%s', (_, s, previous, verdict) => {
    expect(evaluateGate(gateFor(s.population), s, previous).verdict).toBe(verdict);
  });

  test('a small canary: 1 failure of 3 instances waits for all 3, then stays under the count limit', () => {
    const gate = gateFor(3);
    expect(evaluateGate(gate, sample(3, { SUCCESS: 1, FAILED: 1, DISTING: 1 })).verdict).toBe('waiting');
    // With all 3 finished, 1 failure is under max(2, ⌈5 % × 3⌉ = 1) = 2: the canary passes.
    const all = evaluateGate(gate, sample(3, { SUCCESS: 2, FAILED: 1 }));
    expect(all).toMatchObject({ verdict: 'pass', finished: 3, failed: 1, failureLimit: 2 });
  });

  test('a small canary where 2 of 3 fail breaches once confirmed', () => {
    const first = evaluateGate(gateFor(3), sample(3, { SUCCESS: 1, FAILED: 2 }));
    expect(first.verdict).toBe('breaching');
    expect(evaluateGate(gateFor(3), sample(3, { SUCCESS: 1, FAILED: 2 }), first.consecutiveBreaches).verdict).toBe(
      'breach',
    );
  });

  test('a healthy evaluation resets the breach counter', () => {
    const gate = gateFor(100);
    const suspect = evaluateGate(gate, sample(100, { SUCCESS: 20, FAILED: 5, DISTING: 75 }));
    // The failed instances were retried and succeeded: the next read is under the limit.
    const healthy = evaluateGate(gate, sample(100, { SUCCESS: 25, DISTING: 75 }), suspect.consecutiveBreaches);
    expect(healthy).toMatchObject({ verdict: 'passing', consecutiveBreaches: 0 });
  });

  test('minSuccessPct breaches once the finished share is reached', () => {
    const gate = gateFor(100, { minSuccessPct: 99, maxFailed: 10 });
    expect(evaluateGate(gate, sample(100, { SUCCESS: 90, FAILED: 3, DISTING: 7 })).verdict).toBe('passing');
    const r = evaluateGate(gate, sample(100, { SUCCESS: 95, FAILED: 3, DISTING: 2 }), 1);
    expect(r.verdict).toBe('breach');
    expect(r.reason).toBe(
      '96.9 % of 98 finished instances succeeded, below the required 99.0 %; confirmed on 2 evaluations',
    );
  });

  test('the reason states the numbers, the limit and the confirmation', () => {
    const r = evaluateGate(gateFor(100), sample(100, { SUCCESS: 60, FAILED: 5, DISTING: 35 }, { stuck: 2 }), 1);
    expect(r.reason).toBe(
      '7 of 67 finished instances failed (10.4 %), at or above the limit of 5 instances (2 stuck); confirmed on 2 evaluations',
    );
  });

  test('every evaluation ends in a verdict with a reason', () => {
    for (let failed = 0; failed <= 20; failed++) {
      for (let success = 0; success + failed <= 20; success += 5) {
        const r = evaluateGate(
          gateFor(20),
          sample(20, { SUCCESS: success, FAILED: failed, DISTING: 20 - success - failed }),
        );
        expect(r.reason.length).toBeGreaterThan(0);
        expect(['waiting', 'passing', 'pass', 'breaching', 'breach']).toContain(r.verdict);
      }
    }
  });
});
