/**
 * A read-through cache for upstream answers: identical concurrent reads share one
 * call, an answer is reused for `ttlMs`, and when the upstream fails the last good
 * answer is served marked stale, with the error that made it stale.
 */
export interface CachedRead<T> {
  value: T;
  fetchedAt: number;
  stale: boolean;
  error?: unknown;
}

interface Entry<T> {
  value: T;
  fetchedAt: number;
}

export interface ReadThroughOptions {
  ttlMs: number;
  /** Keys kept at most; the least recently stored go first. */
  maxEntries?: number;
  now?: () => number;
}

export interface GetOptions {
  ttlMs?: number;
  staleWhileRevalidate?: boolean;
  /**
   * With an expired answer at hand, wait at most this long for the load: then answer
   * with the last good value marked stale (error from `slowError`) while the load goes on.
   */
  staleAfterMs?: number;
  /** With nothing at hand, give up waiting after this long and throw `slowError()`; the load goes on and is kept. */
  failAfterMs?: number;
  slowError?: () => unknown;
  /**
   * Refresh ahead: a read of an answer within this long of its expiry starts the next
   * load in the background and is answered with the current one, so a key read
   * continuously (a page polled by many viewers) never expires under its readers.
   */
  refreshAheadMs?: number;
}

export class ReadThrough<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly inFlight = new Map<string, Promise<CachedRead<T>>>();
  private readonly failures = new Map<string, { error: unknown }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: ReadThroughOptions) {
    this.ttlMs = options.ttlMs;
    this.maxEntries = options.maxEntries ?? 500;
    this.now = options.now ?? Date.now;
  }

  /**
   * The cached answer while younger than `ttlMs` (per call, or the cache's default);
   * otherwise one shared load. With `staleWhileRevalidate`, an expired answer is
   * returned at once while the load runs in the background: for reads so expensive
   * that no request should wait for them.
   */
  get(key: string, load: () => Promise<T>, options: GetOptions = {}): Promise<CachedRead<T>> {
    const entry = this.entries.get(key);
    const ttlMs = options.ttlMs ?? this.ttlMs;
    if (entry && this.now() - entry.fetchedAt < ttlMs) {
      const ahead = options.refreshAheadMs ?? 0;
      // An answer whose last refresh failed keeps trying in the background, so it is
      // fresh again as soon as the upstream answers, not when its TTL runs out.
      const retry = this.failures.has(key);
      if (retry || (ahead > 0 && this.now() - entry.fetchedAt >= ttlMs - ahead))
        this.load(key, load).catch(() => undefined);
      // A refresh ahead that failed already says the upstream is failing: the answer
      // is still young, but it is the last good one and is marked so.
      return Promise.resolve(this.answer(key, entry));
    }
    const pending = this.load(key, load);
    const slowError = options.slowError ?? (() => new Error('the upstream is answering slowly'));
    if (entry && options.staleAfterMs !== undefined && !options.staleWhileRevalidate) {
      pending.catch(() => undefined);
      const last = entry;
      return raceTimer(pending, options.staleAfterMs, () => ({
        value: last.value,
        fetchedAt: last.fetchedAt,
        stale: true,
        error: slowError(),
      }));
    }
    if (!entry && options.failAfterMs !== undefined) {
      pending.catch(() => undefined);
      return raceTimer(pending, options.failAfterMs, () => {
        throw slowError();
      });
    }
    if (entry && options.staleWhileRevalidate) {
      pending.catch(() => undefined);
      // An answer older than its TTL is only "stale" once a refresh has actually failed.
      return Promise.resolve(this.answer(key, entry));
    }
    return pending;
  }

  /** The held answer, marked stale with its error when the last refresh since it was stored failed. */
  private answer(key: string, entry: Entry<T>): CachedRead<T> {
    const failure = this.failures.get(key);
    return {
      value: entry.value,
      fetchedAt: entry.fetchedAt,
      stale: failure !== undefined,
      ...(failure ? { error: failure.error } : {}),
    };
  }

  /** The load of this key under way, or a new one: concurrent readers share it. */
  private load(key: string, load: () => Promise<T>): Promise<CachedRead<T>> {
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.refresh(key, load).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  /** Stores an answer obtained elsewhere (the watcher's sweep), so readers reuse it. */
  put(key: string, value: T, fetchedAt = this.now()): void {
    this.entries.delete(key);
    this.failures.delete(key);
    this.entries.set(key, { value, fetchedAt });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  peek(key: string): Entry<T> | undefined {
    return this.entries.get(key);
  }

  private async refresh(key: string, load: () => Promise<T>): Promise<CachedRead<T>> {
    try {
      const value = await load();
      const fetchedAt = this.now();
      this.put(key, value, fetchedAt);
      return { value, fetchedAt, stale: false };
    } catch (error) {
      this.failures.set(key, { error });
      if (this.failures.size > this.maxEntries) this.failures.delete(this.failures.keys().next().value ?? key);
      const last = this.entries.get(key);
      if (!last) throw error;
      return { value: last.value, fetchedAt: last.fetchedAt, stale: true, error };
    }
  }
}

/** `work`, or `onTimeout()` when it has not settled after `ms` (the work goes on). */
function raceTimer<R>(work: Promise<R>, ms: number, onTimeout: () => R): Promise<R> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<R>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(onTimeout());
      } catch (error) {
        reject(error);
      }
    }, ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
