import { afterEach, describe, expect, it } from 'vitest';
import { ensClockOffsetMs, ensNow, noteEnsDate, resetEnsClock } from './clock';

describe('the ENS clock', () => {
  afterEach(resetEnsClock);

  it('is this machine’s clock until an answer is seen', () => {
    expect(ensClockOffsetMs()).toBe(0);
    expect(Math.abs(ensNow() - Date.now())).toBeLessThan(50);
  });

  it('follows the Date header of the answers, by the median of the last few', () => {
    const local = Date.parse('2026-12-01T10:00:00.000Z');
    const ahead = new Date(local + 3_600_000).toUTCString();
    for (let i = 0; i < 3; i++) noteEnsDate(ahead, local);
    // One answer that took long to arrive does not move the estimate.
    noteEnsDate(new Date(local).toUTCString(), local + 30_000);
    expect(ensClockOffsetMs()).toBe(3_600_500);
  });

  it('ignores a skew within the header’s one-second resolution and unreadable headers', () => {
    const local = Date.parse('2026-12-01T10:00:00.300Z');
    noteEnsDate(new Date(local).toUTCString(), local);
    noteEnsDate('not a date', local);
    noteEnsDate(undefined, local);
    expect(ensClockOffsetMs()).toBe(0);
  });
});
