import { expect, test } from 'vitest';
import { createPacer } from './pacer';

const busyFor = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // hold the event loop, as parsing a large page does
  }
};

test('an idle loop is not held', async () => {
  const pace = createPacer({ waitMs: 20 });
  await new Promise((resolve) => setTimeout(resolve, 50));
  // Not held means no timer at all: it settles before a zero-delay timer fires.
  const first = await Promise.race([
    pace().then(() => 'pace'),
    new Promise((resolve) => setTimeout(resolve, 0, 'timer')),
  ]);
  expect(first).toBe('pace');
});

test('callers are let through one at a time, a window apart', async () => {
  const pace = createPacer({ waitMs: 20 });
  const started = performance.now();
  await Promise.all([pace(), pace(), pace(), pace()]);
  // The first may go at once; each of the other three measures a window of its own.
  expect(performance.now() - started).toBeGreaterThanOrEqual(55);
});

test('after a busy stretch the caller waits until the loop has had idle time', async () => {
  const pace = createPacer({ maxUtilization: 0.5, waitMs: 20 });
  await pace();
  busyFor(120);
  const started = performance.now();
  await pace();
  expect(performance.now() - started).toBeGreaterThanOrEqual(15);
});

test('a caller is never held longer than maxWaitMs, however busy the loop stays', async () => {
  const pace = createPacer({ maxUtilization: 0.5, waitMs: 10, maxWaitMs: 100 });
  // Something else keeps the loop about 80% busy the whole time.
  const hog = setInterval(() => busyFor(16), 20);
  try {
    busyFor(50);
    const started = performance.now();
    await pace();
    const waited = performance.now() - started;
    // Held for its maxWaitMs (how far past it: e2e/bench/timing-limits.ts), then let through.
    expect(waited).toBeGreaterThanOrEqual(95);
  } finally {
    clearInterval(hog);
  }
});
