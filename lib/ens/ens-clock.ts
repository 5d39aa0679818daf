/*
 * ENS's clock, as this process last saw it. Instance times (StartTime, UpdateTime) are
 * ENS's; relative times and chart ends must be measured on the same clock or a skewed
 * host (or the simulator's advanced clock) reads "0 s in state" for everything. Every
 * successful answer's Date header gives ENS's time to the second; the offset moves only
 * when it is off by more than that resolution, so an ENS in step with this host reads 0.
 */

/** Below this an observed difference is the Date header's one-second resolution plus latency, not skew. */
const RESOLUTION_MS = 2_000;

// On globalThis: route handlers, pages and the watcher are separate module instances.
const state = globalThis as typeof globalThis & { __ensClockOffsetMs?: number };

/** Records one answer's Date header, read at `receivedAt` (this host's ms). Unreadable dates are ignored. */
export function noteEnsDate(dateHeader: unknown, receivedAt: number): void {
  if (typeof dateHeader !== 'string') return;
  const ens = Date.parse(dateHeader);
  if (!Number.isFinite(ens)) return;
  // The header is truncated to the second: its middle is the best guess of the instant.
  const observed = ens + 500 - receivedAt;
  const current = state.__ensClockOffsetMs ?? 0;
  if (Math.abs(observed - current) > RESOLUTION_MS) state.__ensClockOffsetMs = observed;
  else if (Math.abs(observed) <= RESOLUTION_MS) state.__ensClockOffsetMs = 0;
}

/** ENS's clock minus this host's, in ms (0 until an answer says otherwise). */
export function ensClockOffsetMs(): number {
  return state.__ensClockOffsetMs ?? 0;
}

/** The current time on ENS's clock, ms since the epoch. */
export function ensNow(now: number = Date.now()): number {
  return now + ensClockOffsetMs();
}
