import { performance } from 'node:perf_hooks';

export interface PacerOptions {
  /** Share of the event loop background work may keep busy (0–1). */
  maxUtilization?: number;
  /** Pause between checks while the loop is busier than that. */
  waitMs?: number;
  /** Longest a caller is held, so background work always progresses. */
  maxWaitMs?: number;
}

/**
 * Background work (the watcher's reads) calls the pacer before each unit of work: it
 * returns once the event loop has been at most `maxUtilization` busy over the last
 * `waitMs` or more, and otherwise waits, so requests people wait on get the loop
 * first. Callers are let through one at a time, each on a window of its own: four
 * pages in flight still cannot take more than their share. Measured with the loop's
 * own utilization (Node's ELU), whatever makes it busy.
 */
export function createPacer({
  maxUtilization = 0.5,
  waitMs = 20,
  maxWaitMs = 1_000,
}: PacerOptions = {}): () => Promise<void> {
  let last = performance.eventLoopUtilization();
  let measuredAt = performance.now();
  let queue: Promise<void> = Promise.resolve();

  async function admit(): Promise<void> {
    const started = performance.now();
    for (;;) {
      const since = performance.now() - measuredAt;
      if (since < waitMs) await sleep(waitMs - since);
      const now = performance.eventLoopUtilization();
      const { utilization } = performance.eventLoopUtilization(now, last);
      last = now;
      measuredAt = performance.now();
      if (utilization <= maxUtilization || measuredAt - started >= maxWaitMs) return;
    }
  }

  return function pace() {
    queue = queue.then(admit);
    return queue;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
