import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startSimulator, type RunningSimulator } from '@/lib/simulator';
import { CircuitBreaker } from './circuit';
import { createEnsClient, type EnsClient } from './client';

/*
 * The circuit breaker: opens after consecutive failures, fails calls at once while
 * open (nothing reaches ENS), lets one probe through after the pause, and closes on
 * its success. Against the real simulator's fault injection.
 */

describe('CircuitBreaker', () => {
  test('opens after the threshold, admits one probe after the pause, closes on its success', () => {
    let t = 0;
    const breaker = new CircuitBreaker({ threshold: 3, openMs: 1_000, now: () => t });
    for (let i = 0; i < 2; i++) breaker.admit('A')('failure');
    expect(breaker.state).toBe('closed');
    expect(breaker.suspect).toBe(true);
    breaker.admit('A')('failure');
    expect(breaker.state).toBe('open');
    expect(() => breaker.admit('A')).toThrow(expect.objectContaining({ code: 'CircuitOpen', retryable: true }));

    t = 1_000;
    const probe = breaker.admit('A');
    // Only one probe at a time.
    expect(() => breaker.admit('A')).toThrow(expect.objectContaining({ code: 'CircuitOpen' }));
    probe('failure');
    expect(breaker.state).toBe('open');
    expect(() => breaker.admit('A')).toThrow(expect.objectContaining({ code: 'CircuitOpen' }));

    t = 2_000;
    breaker.admit('A')('success');
    expect(breaker.state).toBe('closed');
    expect(breaker.suspect).toBe(false);
  });

  test('a call arriving while the probe is out waits for it: admitted after a success, refused after a failure', async () => {
    let t = 0;
    const breaker = new CircuitBreaker({ threshold: 1, openMs: 1_000, now: () => t });
    breaker.admit('A')('failure');
    t = 1_000;
    const probe = breaker.admit('A');
    const waiting = breaker.admitAfterProbe('B');
    probe('success');
    const settle = await waiting;
    expect(breaker.state).toBe('closed');
    settle('success');

    breaker.admit('A')('failure');
    t = 2_000;
    const second = breaker.admit('A');
    const refused = breaker.admitAfterProbe('B');
    second('failure');
    await expect(refused).rejects.toMatchObject({ code: 'CircuitOpen' });
  });

  test('an answer that refuses only the request (neutral) resets the count', () => {
    const breaker = new CircuitBreaker({ threshold: 2 });
    breaker.admit('A')('failure');
    breaker.admit('A')('neutral');
    breaker.admit('A')('failure');
    expect(breaker.state).toBe('closed');
  });
});

describe('the ENS client behind its circuit', () => {
  let sim: RunningSimulator;
  let client: EnsClient;
  const control = (path: string, body?: unknown) =>
    fetch(
      `${sim.url}/__sim/${path}`,
      body === undefined
        ? {}
        : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    ).then((r) => r.json() as Promise<{ total: number }>);

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, instances: 100, activity: false });
    client = createEnsClient(
      { endpoint: sim.endpoint, protocol: 'http', accessKeyId: sim.accessKeyId, accessKeySecret: sim.accessKeySecret },
      {
        retryBaseMs: 5,
        retryCapMs: 10,
        readDeadlineMs: 200,
        readTimeoutMs: 150,
        circuit: { threshold: 3, openMs: 400 },
      },
    );
  });
  afterAll(async () => {
    await sim?.close();
  });

  test.each([
    ['503s', { errorRate: 1 }],
    ['dropped connections', { dropRate: 1 }],
    ['throttling', { throttleRate: 1 }],
    ['latency beyond the timeout', { latencyMs: 400 }],
  ])('under %s it opens, stops calling ENS, and closes once ENS answers again', async (_title, faults) => {
    await control('reset', {});
    await control('faults', faults);
    for (let i = 0; i < 3 && client.circuit().state === 'closed'; i++)
      await client.describeEnsRegions().catch(() => undefined);
    expect(client.circuit().state).toBe('open');

    const before = (await control('stats')).total;
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => client.describeEnsRegions()));
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'ok'))).toEqual(
      Array(20).fill('CircuitOpen'),
    );
    expect((await control('stats')).total).toBe(before);

    await control('faults', {});
    await new Promise((resolve) => setTimeout(resolve, 450));
    await expect(client.describeEnsRegions()).resolves.toMatchObject({ regions: expect.any(Array) });
    expect(client.circuit().state).toBe('closed');
  });

  test('calls made while the probe is out are answered once it succeeds, not refused', async () => {
    await control('reset', {});
    await control('faults', { errorRate: 1 });
    for (let i = 0; i < 3 && client.circuit().state === 'closed'; i++)
      await client.describeEnsRegions().catch(() => undefined);
    expect(client.circuit().state).toBe('open');
    // ENS is back, but slow: the probe takes 100 ms, during which a page makes its other calls.
    await control('faults', { latencyMs: 100 });
    await new Promise((resolve) => setTimeout(resolve, 450));
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => client.describeEnsRegions()));
    expect(results.map((r) => r.status)).toEqual(Array(4).fill('fulfilled'));
    expect(client.circuit().state).toBe('closed');
    await control('faults', {});
  });
});
