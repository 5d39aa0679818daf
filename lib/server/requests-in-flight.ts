import { performance } from 'node:perf_hooks';
import { yieldToLoop } from '@/lib/server/reads/next-read';

/*
 * The requests this process is answering right now, as the HTTP server in front of
 * Next.js counts them (scripts/server.mjs; 0 where nothing counts, as under `next dev`).
 * On globalThis: that server is no module of the bundle, and the watcher and the routes
 * are separate module instances.
 */
const holder = globalThis as typeof globalThis & { __ensRequestsInFlight?: number };

export function requestsInFlight(): number {
  return holder.__ensRequestsInFlight ?? 0;
}

/**
 * Resolves on a later turn of the event loop once no request is being answered, or
 * after `maxWaitMs` at the latest, so work nobody waits for (a sweep's head start on
 * the views people will ask for) runs between requests instead of in the middle of one:
 * a request that arrives while such a step runs waits for that step, not for the ones
 * after it.
 */
export async function betweenRequests(maxWaitMs = 250, checkMs = 2): Promise<void> {
  await yieldToLoop();
  const started = performance.now();
  while (requestsInFlight() > 0 && performance.now() - started < maxWaitMs)
    await new Promise((resolve) => setTimeout(resolve, checkMs));
}
