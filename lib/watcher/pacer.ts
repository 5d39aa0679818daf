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
 * returns at once while the event loop has been mostly idle since the last call, and
 * otherwise waits until it has been, so requests people wait on get the loop first.
 * Measured with the loop's own utilization (Node's ELU), whatever makes it busy.
 */
export function createPacer({ maxUtilization = 0.5, waitMs = 20, maxWaitMs = 1_000 }: PacerOptions = {}): () => Promise<void> {
  let last = performance.eventLoopUtilization();
  return async function pace() {
    const started = performance.now();
    for (;;) {
      const now = performance.eventLoopUtilization();
      const { utilization } = performance.eventLoopUtilization(now, last);
      last = now;
      if (utilization <= maxUtilization || performance.now() - started >= maxWaitMs) return;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  };
}
