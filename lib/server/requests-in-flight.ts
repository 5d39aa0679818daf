import { performance } from 'node:perf_hooks';
import { requestsInFlight } from '@/lib/server/observability/http-tap';
import { yieldToLoop } from '@/lib/server/reads/next-read';

/**
 * Resolves on a later turn of the event loop once no request is being answered (as the
 * HTTP tap counts them, lib/server/observability/http-tap.ts), or after `maxWaitMs` at
 * the latest, so work nobody waits for (a sweep's head start on the views people will
 * ask for) runs between requests instead of in the middle of one: a request that
 * arrives while such a step runs waits for that step, not for the ones after it.
 */
export async function betweenRequests(maxWaitMs = 250, checkMs = 2): Promise<void> {
  await yieldToLoop();
  const started = performance.now();
  while (requestsInFlight() > 0 && performance.now() - started < maxWaitMs)
    await new Promise((resolve) => setTimeout(resolve, checkMs));
}
