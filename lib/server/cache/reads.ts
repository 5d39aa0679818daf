import 'server-only';
import { ReadThrough, type CachedRead, type GetOptions } from '@/lib/server/cache/read-through';
import { getConfig } from '@/lib/config';
import { getEnsClient } from '@/lib/ens/client';
import { EnsError } from '@/lib/ens/errors';

type Caches = Map<string, ReadThrough<unknown>>;
const holder = globalThis as typeof globalThis & { __ensReadCaches?: Caches };

function cacheFor<T>(name: string, ttlMs: number): ReadThrough<T> {
  holder.__ensReadCaches ??= new Map();
  let cache = holder.__ensReadCaches.get(name);
  if (!cache) {
    cache = new ReadThrough<unknown>({ ttlMs, maxEntries: 500 });
    holder.__ensReadCaches.set(name, cache);
  }
  return cache as ReadThrough<T>;
}

/**
 * Every ENS read the routes and pages make goes through here: identical concurrent
 * reads share one upstream call, answers are reused for a short TTL, and the last
 * good answer is served as stale when ENS fails. `ENS_NAIVE_PROXY` turns all of that
 * off (one upstream call per request), to measure what it saves.
 */
export async function cachedRead<T>(
  cache: string,
  key: string,
  load: () => Promise<T>,
  ttlMs?: number,
  options: GetOptions = {},
): Promise<CachedRead<T>> {
  const config = getConfig();
  if (config.ENS_NAIVE_PROXY) return { value: await load(), fetchedAt: Date.now(), stale: false };
  const guard = failFast();
  // While the circuit is open every read tries a refresh in the background (it fails at
  // once, sending nothing), so a young answer is marked stale as soon as ENS is known
  // to be down instead of when its TTL runs out.
  const refreshAheadMs = guard.circuitOpen ? Number.POSITIVE_INFINITY : options.refreshAheadMs;
  return cacheFor<T>(cache, ttlMs ?? config.ENS_CACHE_TTL_MS).get(key, load, {
    ...guard.options,
    ...options,
    ...(refreshAheadMs !== undefined ? { refreshAheadMs } : {}),
  });
}

/** Nobody waits on ENS more than a second for data the dashboard already has. */
export const STALE_AFTER_MS = 1_000;
/** With no data at hand, a request gives up after this long once ENS has been failing. */
const FAIL_AFTER_MS = 1_500;

/**
 * How long a read may wait: the last good answer after a second; and while ENS is
 * known to be failing (the client's circuit has seen failures), no answer at all
 * after 1.5 s, as a 503. A healthy but slow first read (a large fleet) still waits.
 */
function failFast(): { options: GetOptions; circuitOpen: boolean } {
  let suspect = false;
  let circuitOpen = false;
  try {
    const circuit = getEnsClient().circuit();
    suspect = circuit.suspect;
    circuitOpen = circuit.state === 'open';
  } catch {
    suspect = true;
  }
  const options = {
    staleAfterMs: STALE_AFTER_MS,
    ...(suspect ? { failAfterMs: FAIL_AFTER_MS } : {}),
    slowError: unavailable,
  };
  return { options, circuitOpen };
}

function unavailable(): EnsError {
  return new EnsError({
    code: 'EnsUnavailable',
    message: 'ENS is not answering in time; showing the last good data where there is some',
    httpStatus: 0,
    retryable: true,
  });
}

/** Stores an answer obtained elsewhere (the watcher), so readers reuse it. */
export function publishRead<T>(cache: string, key: string, value: T, fetchedAt: number, ttlMs?: number): void {
  cacheFor<T>(cache, ttlMs ?? getConfig().ENS_CACHE_TTL_MS).put(key, value, fetchedAt);
}

/** The last answer stored under a key, however old; undefined when there is none. */
export function peekRead<T>(cache: string, key: string): { value: T; fetchedAt: number } | undefined {
  return (holder.__ensReadCaches?.get(cache) as ReadThrough<T> | undefined)?.peek(key);
}
