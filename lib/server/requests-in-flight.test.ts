import { afterEach, expect, test } from 'vitest';
import { betweenRequests, requestsInFlight } from './requests-in-flight';

const holder = globalThis as typeof globalThis & { __ensRequestsInFlight?: number };
const settled = async (promise: Promise<void>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(resolve, ms, false))]);

afterEach(() => {
  delete holder.__ensRequestsInFlight;
});

test('nothing counting requests (next dev) counts as none in flight', async () => {
  expect(requestsInFlight()).toBe(0);
  expect(await settled(betweenRequests(1_000), 50)).toBe(true);
});

test('waits while a request is being answered, and goes on when it is done', async () => {
  holder.__ensRequestsInFlight = 1;
  const waiting = betweenRequests(5_000);
  expect(await settled(waiting, 60)).toBe(false);
  holder.__ensRequestsInFlight = 0;
  expect(await settled(waiting, 60)).toBe(true);
});

test('never waits longer than its limit: background work always progresses', async () => {
  holder.__ensRequestsInFlight = 3;
  const started = performance.now();
  await betweenRequests(40);
  expect(performance.now() - started).toBeGreaterThanOrEqual(39);
  expect(requestsInFlight()).toBe(3);
});
