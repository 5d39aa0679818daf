import 'server-only';
import type { HttpTap } from './observability/http-tap';
import { getLogger } from './observability/logger';

/**
 * SIGTERM (and SIGINT): the orderly way out, so a rolling restart loses nothing.
 *  1. Stop taking requests: readiness answers 503, the listening socket closes, idle
 *     keep-alive connections close, every later response says `connection: close`.
 *  2. Let in-flight requests finish (a push that reached ENS records ENS's answer),
 *     up to the grace period (SHUTDOWN_GRACE_SECONDS).
 *  3. Stop the background work: its running tick (a distribution under way) ends,
 *     and the leader lock is released, so a follower takes over at its next attempt.
 *  4. Stop the embedded simulator, close the database, exit 0.
 * A hard kill skips all this; a push cut off then stays `unknown`, as before.
 */
export interface ShutdownSteps {
  tap: HttpTap;
  graceMs: number;
  stopBackground(): Promise<void>;
  stopSimulator(): Promise<void>;
  closeDatabase(): Promise<void>;
}

const holder = globalThis as typeof globalThis & { __ensDashboardShutdown?: { draining: boolean } };

export function isDraining(): boolean {
  return holder.__ensDashboardShutdown?.draining === true;
}

export function installGracefulShutdown(steps: ShutdownSteps): void {
  if (holder.__ensDashboardShutdown) return;
  const state = { draining: false };
  holder.__ensDashboardShutdown = state;
  const log = getLogger().child({ component: 'shutdown' });

  const run = async (signal: NodeJS.Signals) => {
    if (state.draining) return;
    state.draining = true;
    const started = Date.now();
    const deadline = started + steps.graceMs;
    log.info({ signal, graceMs: steps.graceMs, inFlight: steps.tap.inFlight() }, 'shutting down: no new requests');
    steps.tap.drain();
    for (const server of steps.tap.servers()) {
      server.close();
      server.closeIdleConnections();
    }
    const drained = await within(steps.tap.idle(), deadline - Date.now());
    if (!drained) log.warn({ inFlight: steps.tap.inFlight() }, 'shutting down: grace period over, closing connections');
    for (const server of steps.tap.servers()) server.closeAllConnections();
    await attempt('background work', () => within(steps.stopBackground(), Math.max(1_000, deadline - Date.now())));
    await attempt('embedded simulator', steps.stopSimulator);
    await attempt('database', steps.closeDatabase);
    log.info({ ms: Date.now() - started }, 'shut down');
    process.exit(0);
  };

  async function attempt(what: string, step: () => Promise<unknown>): Promise<void> {
    try {
      await step();
    } catch (error) {
      log.warn(
        { step: what, error: error instanceof Error ? error.message : String(error) },
        'shutting down: a step failed',
      );
    }
  }

  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void run(signal));
}

/** True when `promise` settled within `ms`. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, ms));
  });
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
