import { describe, expect, test } from 'vitest';
import { ReadThrough } from './read-through';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('ReadThrough', () => {
  test('coalesces identical concurrent reads into one load', async () => {
    const cache = new ReadThrough<number>({ ttlMs: 1000 });
    const gate = deferred<number>();
    let loads = 0;
    const load = () => {
      loads += 1;
      return gate.promise;
    };
    const reads = Array.from({ length: 50 }, () => cache.get('k', load));
    gate.resolve(42);
    const results = await Promise.all(reads);
    expect(loads).toBe(1);
    expect(results.every((r) => r.value === 42 && !r.stale)).toBe(true);
  });

  test('reuses an answer within the TTL and reloads after it', async () => {
    let t = 0;
    const cache = new ReadThrough<number>({ ttlMs: 100, now: () => t });
    let loads = 0;
    const load = async () => ++loads;
    expect((await cache.get('k', load)).value).toBe(1);
    t = 99;
    expect((await cache.get('k', load)).value).toBe(1);
    t = 100;
    expect((await cache.get('k', load)).value).toBe(2);
  });

  test('serves the last good answer marked stale when the load fails', async () => {
    let t = 0;
    const cache = new ReadThrough<string>({ ttlMs: 10, now: () => t });
    await cache.get('k', async () => 'good');
    t = 50;
    const failure = new Error('ENS is down');
    const result = await cache.get('k', async () => {
      throw failure;
    });
    expect(result).toEqual({ value: 'good', fetchedAt: 0, stale: true, error: failure });
  });

  test('throws when the load fails and there is nothing to fall back on', async () => {
    const cache = new ReadThrough<string>({ ttlMs: 10 });
    await expect(cache.get('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
  });

  test('evicts the oldest keys beyond maxEntries', async () => {
    const cache = new ReadThrough<number>({ ttlMs: 1000, maxEntries: 2 });
    for (const k of ['a', 'b', 'c']) await cache.get(k, async () => 1);
    expect(cache.peek('a')).toBeUndefined();
    expect(cache.peek('c')?.value).toBe(1);
  });

  test('stale-while-revalidate answers at once with the old value and refreshes once in the background', async () => {
    let t = 0;
    const cache = new ReadThrough<number>({ ttlMs: 10, now: () => t });
    await cache.get('k', async () => 1);
    t = 20;
    const gate = deferred<number>();
    let loads = 0;
    const load = () => {
      loads += 1;
      return gate.promise;
    };
    const first = await cache.get('k', load, { staleWhileRevalidate: true });
    const second = await cache.get('k', load, { staleWhileRevalidate: true });
    expect([first.value, second.value, loads]).toEqual([1, 1, 1]);
    gate.resolve(2);
    await gate.promise;
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect((await cache.get('k', load, { staleWhileRevalidate: true })).value).toBe(2);
  });

  test('refresh ahead: a read near expiry is answered at once and starts one background load, so the key never expires under its readers', async () => {
    let t = 0;
    const cache = new ReadThrough<number>({ ttlMs: 100, now: () => t });
    await cache.get('k', async () => 1);
    const gate = deferred<number>();
    let loads = 0;
    const load = () => {
      loads += 1;
      return gate.promise;
    };
    t = 70;
    // Not yet within the last quarter: nothing loads.
    expect((await cache.get('k', load, { refreshAheadMs: 25 })).value).toBe(1);
    expect(loads).toBe(0);
    t = 80;
    const near = await Promise.all([1, 2, 3].map(() => cache.get('k', load, { refreshAheadMs: 25 })));
    expect(near.map((r) => [r.value, r.stale])).toEqual([
      [1, false],
      [1, false],
      [1, false],
    ]);
    expect(loads).toBe(1);
    gate.resolve(2);
    await gate.promise;
    await new Promise((resolve) => setTimeout(resolve, 0));
    // Past the first answer's expiry: the new one is already there, no reader waits.
    t = 120;
    expect(await cache.get('k', load, { refreshAheadMs: 25 })).toMatchObject({ value: 2, fetchedAt: 80, stale: false });
    expect(loads).toBe(1);
  });

  test('a refresh ahead that failed marks the young answer stale, with its error, until a good answer is stored', async () => {
    let t = 0;
    const cache = new ReadThrough<number>({ ttlMs: 100, now: () => t });
    await cache.get('k', async () => 1);
    const down = new Error('ENS is down');
    const failing = () => Promise.reject(down);
    t = 80;
    expect(await cache.get('k', failing, { refreshAheadMs: 25 })).toMatchObject({ value: 1, stale: false });
    await new Promise((resolve) => setTimeout(resolve, 0));
    t = 85;
    expect(await cache.get('k', failing, { refreshAheadMs: 25 })).toMatchObject({ value: 1, stale: true, error: down });
    // The watcher's sweep stores a good answer: nothing is stale any more.
    cache.put('k', 2, 90);
    expect(await cache.get('k', failing)).toEqual({ value: 2, fetchedAt: 90, stale: false });
  });

  test('a young answer marked stale retries on each read, and is fresh again once the upstream answers', async () => {
    let t = 0;
    const cache = new ReadThrough<number>({ ttlMs: 1_000, now: () => t });
    await cache.get('k', async () => 1);
    t = 800;
    await cache.get('k', () => Promise.reject(new Error('down')), { refreshAheadMs: 250 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    // Outside any refresh-ahead window: the failure alone starts the next load.
    t = 810;
    expect(await cache.get('k', async () => 2)).toMatchObject({ value: 1, stale: true });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await cache.get('k', async () => 3)).toEqual({ value: 2, fetchedAt: 810, stale: false });
  });

  test('a per-call TTL overrides the default', async () => {
    let t = 0;
    const cache = new ReadThrough<number>({ ttlMs: 10, now: () => t });
    let loads = 0;
    const load = async () => ++loads;
    await cache.get('k', load);
    t = 50;
    expect((await cache.get('k', load, { ttlMs: 100 })).value).toBe(1);
  });

  test('stale-while-revalidate reports stale, with the reason, once a background refresh has failed', async () => {
    let t = 0;
    const cache = new ReadThrough<number>({ ttlMs: 10, now: () => t });
    await cache.get('k', async () => 1);
    t = 20;
    const failure = new Error('ENS is down');
    const fail = () => Promise.reject(failure);
    expect(await cache.get('k', fail, { staleWhileRevalidate: true })).toEqual({
      value: 1,
      fetchedAt: 0,
      stale: false,
    });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await cache.get('k', fail, { staleWhileRevalidate: true })).toEqual({
      value: 1,
      fetchedAt: 0,
      stale: true,
      error: failure,
    });
  });

  test('staleAfterMs: a slow reload answers with the last good value, marked stale, and the reload still lands', async () => {
    let t = 0;
    const cache = new ReadThrough<number>({ ttlMs: 10, now: () => t });
    await cache.get('k', async () => 1);
    t = 100;
    const gate = deferred<number>();
    const slow = new Error('slow');
    const read = await cache.get('k', () => gate.promise, { staleAfterMs: 5, slowError: () => slow });
    expect(read).toMatchObject({ value: 1, stale: true, error: slow });
    gate.resolve(2);
    await gate.promise;
    await Promise.resolve();
    expect((await cache.get('k', async () => 3)).value).toBe(2);
  });

  test('staleAfterMs: a quick reload is served fresh', async () => {
    let t = 0;
    const cache = new ReadThrough<number>({ ttlMs: 10, now: () => t });
    await cache.get('k', async () => 1);
    t = 100;
    expect(await cache.get('k', async () => 2, { staleAfterMs: 1_000 })).toMatchObject({ value: 2, stale: false });
  });

  test('failAfterMs: with nothing at hand, a slow load throws the slow error and is kept for the next read', async () => {
    const cache = new ReadThrough<number>({ ttlMs: 1_000 });
    const gate = deferred<number>();
    const slow = new Error('unavailable');
    await expect(cache.get('k', () => gate.promise, { failAfterMs: 5, slowError: () => slow })).rejects.toBe(slow);
    gate.resolve(7);
    await gate.promise;
    await Promise.resolve();
    expect((await cache.get('k', async () => 8)).value).toBe(7);
  });
});
