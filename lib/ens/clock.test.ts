import { afterEach, describe, expect, it } from 'vitest';
import { ensClockOffsetMs, ensNow, noteEnsDate, resetEnsClock } from './clock';

describe('the ENS clock', () => {
  afterEach(resetEnsClock);

  it('is this machine’s clock until an answer is seen', () => {
    expect(ensClockOffsetMs()).toBe(0);
    expect(Math.abs(ensNow() - Date.now())).toBeLessThan(50);
  });

  it('follows the Date header of the answers at the first answer after a jump', () => {
    const local = Date.parse('2026-12-01T10:00:00.000Z');
    noteEnsDate(new Date(local).toUTCString(), local);
    noteEnsDate(new Date(local + 3_600_000).toUTCString(), local + 100);
    expect(ensClockOffsetMs()).toBe(3_600_400);
    // An answer that took 3 s to arrive makes ENS look behind: it does not move the estimate.
    noteEnsDate(new Date(local + 3_600_000).toUTCString(), local + 3_000);
    expect(ensClockOffsetMs()).toBe(3_600_400);
  });

  it('falls back when the clock goes back (a reset), once the earlier answers are old', () => {
    const local = Date.parse('2026-12-01T10:00:00.000Z');
    noteEnsDate(new Date(local + 3_600_000).toUTCString(), local);
    noteEnsDate(new Date(local + 20_000).toUTCString(), local + 20_000);
    expect(ensClockOffsetMs()).toBe(0);
  });

  it('follows a clock that goes back at the first answer that proves it', () => {
    const local = Date.parse('2026-12-01T10:00:00.000Z');
    noteEnsDate(new Date(local + 3_600_000).toUTCString(), local);
    expect(ensClockOffsetMs()).toBe(3_600_500);
    // Sent at local + 2 s and answered at once, on a clock an hour earlier: no delay on the
    // way explains that, the clock went back (the simulator was reset).
    noteEnsDate(new Date(local + 2_000).toUTCString(), local + 2_050, local + 2_000);
    expect(ensClockOffsetMs()).toBe(0);
    // Forward again; then an answer that was slow on the way proves nothing: the estimate stays.
    noteEnsDate(new Date(local + 3_600_000).toUTCString(), local + 4_000, local + 3_900);
    noteEnsDate(new Date(local + 3_600_000).toUTCString(), local + 6_000, local + 3_000);
    expect(ensClockOffsetMs()).toBe(3_596_500);
  });

  it('ignores a skew within the header’s one-second resolution and unreadable headers', () => {
    const local = Date.parse('2026-12-01T10:00:00.300Z');
    noteEnsDate(new Date(local).toUTCString(), local);
    noteEnsDate('not a date', local);
    noteEnsDate(undefined, local);
    expect(ensClockOffsetMs()).toBe(0);
  });
});
