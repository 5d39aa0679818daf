import { describe, expect, test } from 'vitest';
import { alignAtPush, alignedComparison, type AlignInput } from './compare';
import type { Sample } from './progress';
import type { StatusCounts } from './status';

const c = (o: Partial<StatusCounts> = {}): StatusCounts => ({
  SUCCESS: 0,
  DISTING: 0,
  FAILED: 0,
  POD_RESTARTING: 0,
  DELETED: 0,
  ...o,
});
const MIN = 60_000;
/** Version 1.2 pushed on 1 November at 08:00, 1.3 a week later at 14:30: different dates, same pace. */
const PUSH_12 = Date.UTC(2026, 10, 1, 8, 0);
const PUSH_13 = Date.UTC(2026, 10, 8, 14, 30);
const at = (push: number, minute: number, counts: Partial<StatusCounts>): Sample => ({
  t: push + minute * MIN,
  counts: c(counts),
});

describe('alignAtPush()', () => {
  test.each<{ case: string; input: AlignInput; want: { s: number; pct: number }[] }>([
    {
      case: 'starts at 0 s at the push, not at the first instance seen a minute later',
      input: {
        pushedAt: PUSH_12,
        targeted: 4,
        samples: [at(PUSH_12, 1, { DISTING: 4 }), at(PUSH_12, 3, { SUCCESS: 2, DISTING: 2 })],
      },
      want: [
        { s: 0, pct: 0 },
        { s: 60, pct: 0 },
        { s: 180, pct: 50 },
      ],
    },
    {
      case: 'y is the share of all targeted: one success of four is 25 %, not 100 % of those started',
      input: { pushedAt: PUSH_13, targeted: 4, samples: [at(PUSH_13, 2, { SUCCESS: 1 })] },
      want: [
        { s: 0, pct: 0 },
        { s: 120, pct: 25 },
      ],
    },
    {
      case: 'a sample at the push itself is the point at 0 s',
      input: {
        pushedAt: PUSH_12,
        targeted: 2,
        samples: [at(PUSH_12, 0, { DISTING: 2 }), at(PUSH_12, 5, { SUCCESS: 2 })],
      },
      want: [
        { s: 0, pct: 0 },
        { s: 300, pct: 100 },
      ],
    },
    {
      case: 'samples stamped before the push (clock skew) fold into 0 s',
      input: {
        pushedAt: PUSH_12,
        targeted: 2,
        samples: [at(PUSH_12, -2, { SUCCESS: 1 }), at(PUSH_12, 1, { SUCCESS: 2 })],
      },
      want: [
        { s: 0, pct: 50 },
        { s: 60, pct: 100 },
      ],
    },
    {
      case: 'no known push: the first sample is 0 s',
      input: { pushedAt: null, targeted: 4, samples: [at(PUSH_13, 0, { DISTING: 4 }), at(PUSH_13, 1, { SUCCESS: 4 })] },
      want: [
        { s: 0, pct: 0 },
        { s: 60, pct: 100 },
      ],
    },
    {
      case: 'more successes than targeted (targets shrank since) stay at 100 %',
      input: { pushedAt: PUSH_12, targeted: 2, samples: [at(PUSH_12, 1, { SUCCESS: 3 })] },
      want: [
        { s: 0, pct: 0 },
        { s: 60, pct: 100 },
      ],
    },
    { case: 'nothing targeted: no curve', input: { pushedAt: PUSH_12, targeted: 0, samples: [] }, want: [] },
    { case: 'no push and no sample: no curve', input: { pushedAt: null, targeted: 3, samples: [] }, want: [] },
  ])('$case', ({ input, want }) => {
    expect(alignAtPush(input)).toEqual(want);
  });
});

describe('alignedComparison()', () => {
  // 1.2 reached 50 % two minutes after its push, 1.3 only four minutes after its own, a week later.
  const v12: AlignInput = {
    pushedAt: PUSH_12,
    targeted: 10,
    samples: [
      at(PUSH_12, 1, { DISTING: 10 }),
      at(PUSH_12, 2, { SUCCESS: 5, DISTING: 5 }),
      at(PUSH_12, 4, { SUCCESS: 10 }),
    ],
  };
  const v13: AlignInput = {
    pushedAt: PUSH_13,
    targeted: 20,
    samples: [
      at(PUSH_13, 2, { SUCCESS: 2, DISTING: 18 }),
      at(PUSH_13, 4, { SUCCESS: 10, DISTING: 10 }),
      at(PUSH_13, 6, { SUCCESS: 20 }),
    ],
  };

  test('both versions start at 0 s at their own push, on one x axis of seconds since push', () => {
    const { rows } = alignedComparison(v12, v13);
    expect(rows[0]).toEqual({ s: 0, a: 0, b: 0 });
    expect(rows).toEqual([
      { s: 0, a: 0, b: 0 },
      { s: 60, a: 0 },
      { s: 120, a: 50, b: 10 },
      { s: 240, a: 100, b: 50 },
      { s: 360, b: 100 },
    ]);
  });

  test('the x domain runs from 0 s to the later of the two ends, the same for both curves', () => {
    expect(alignedComparison(v12, v13).domain).toEqual([0, 360]);
    expect(alignedComparison(v12, v13).origins).toEqual({ a: PUSH_12, b: PUSH_13 });
    expect(alignedComparison(v13, v12).domain).toEqual([0, 360]);
  });

  test('a version with nothing to draw leaves the other alone', () => {
    const { rows, domain } = alignedComparison(v12, { pushedAt: null, targeted: 0, samples: [] });
    expect(rows.every((r) => r.b === undefined)).toBe(true);
    expect(domain).toEqual([0, 240]);
  });
});
