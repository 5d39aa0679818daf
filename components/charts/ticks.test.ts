import fc from 'fast-check';
import { expect, test } from 'vitest';
import { countTicks, timeTicks } from './ticks';

const DAY = 24 * 3_600_000;

test('a six-day span starting late on a Thursday gets day labels, not none (a week step lands nowhere inside)', () => {
  const from = Date.parse('2026-11-26T23:18:45Z');
  const to = Date.parse('2026-12-02T11:50:45Z');
  const ticks = timeTicks(from, to);
  expect(ticks.length).toBeGreaterThan(0);
  expect(ticks.every((t) => t % (2 * DAY) === 0)).toBe(true);
});

test('an axis always gets between one and `count` labels, strictly inside and in order', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2030-01-01T00:00:00Z') }),
      fc.integer({ min: 1, max: 400 * DAY }),
      fc.integer({ min: 1, max: 8 }),
      (from, span, count) => {
        const ticks = timeTicks(from, from + span, count);
        expect(ticks.length).toBeGreaterThanOrEqual(1);
        expect(ticks.length).toBeLessThanOrEqual(count);
        for (const [i, t] of ticks.entries()) {
          expect(t).toBeGreaterThan(from);
          expect(t).toBeLessThan(from + span);
          if (i > 0) expect(t).toBeGreaterThan(ticks[i - 1]!);
        }
      },
    ),
  );
});

test('count ticks run from 0 to a round top at or above the maximum', () => {
  expect(countTicks(420)).toEqual([0, 200, 400, 600]);
  expect(countTicks(0)).toEqual([0, 1]);
});
