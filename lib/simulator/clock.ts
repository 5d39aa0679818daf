/** Simulated time: real time plus an offset that test controls can only move forward. */
export interface SimClock {
  now(): number;
  advance(seconds: number): void;
  reset(): void;
}

export function createClock(realNow: () => number = Date.now): SimClock {
  let offsetMs = 0;
  return {
    now: () => realNow() + offsetMs,
    advance(seconds) {
      if (!Number.isFinite(seconds) || seconds < 0)
        throw new RangeError(`advance() needs a finite number of seconds >= 0, got ${seconds}`);
      offsetMs += Math.round(seconds * 1000);
    },
    reset() {
      offsetMs = 0;
    },
  };
}
