import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { installHttpTap, requestsInFlight } from '@/lib/server/observability/http-tap';
import { betweenRequests } from './requests-in-flight';

/*
 * A real HTTP server seen by the tap, as the dashboard's is: a request held open is
 * in flight until it is answered.
 */
let server: Server;
let url: string;
const held: (() => void)[] = [];

beforeAll(async () => {
  installHttpTap();
  server = createServer((_req, res) => held.push(() => res.end('ok')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  for (const answer of held.splice(0)) answer();
  await new Promise((resolve) => server.close(resolve));
});

const settled = async (promise: Promise<void>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(resolve, ms, false))]);

async function untilHeld(count: number): Promise<void> {
  while (held.length < count) await new Promise((resolve) => setTimeout(resolve, 5));
}

test('with no request being answered it goes on at once', async () => {
  expect(requestsInFlight()).toBe(0);
  expect(await settled(betweenRequests(1_000), 50)).toBe(true);
});

test('waits while a request is being answered, and goes on when it is done', async () => {
  const answered = fetch(url).then((r) => r.text());
  await untilHeld(1);
  expect(requestsInFlight()).toBe(1);
  const waiting = betweenRequests(5_000);
  expect(await settled(waiting, 60)).toBe(false);
  held.shift()?.();
  expect(await answered).toBe('ok');
  expect(await settled(waiting, 200)).toBe(true);
});

test('never waits longer than its limit: background work always progresses', async () => {
  const answered = fetch(url).then((r) => r.text());
  await untilHeld(1);
  const started = performance.now();
  await betweenRequests(40);
  expect(performance.now() - started).toBeGreaterThanOrEqual(39);
  expect(requestsInFlight()).toBe(1);
  held.shift()?.();
  await answered;
});
