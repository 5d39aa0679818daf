/*
 * ENS's clock, as the dashboard knows it: every ENS answer carries a `Date` header, and
 * the offset between it and this machine's clock is what relative times, countdowns
 * and the rollout engine's deadlines use. In simulator mode that is the simulator's
 * clock, which tests advance; in live mode it absorbs the skew between this host and
 * ENS. Until an answer has been seen the offset is 0.
 */

/** Answers kept for the estimate: the median of the last few resists one slow answer. */
const SAMPLES = 7;

interface ClockState {
  offsets: number[];
}

// On globalThis: the watcher and the route handlers are separate module instances.
const holder = globalThis as typeof globalThis & { __ensClock?: ClockState };
const state = (holder.__ensClock ??= { offsets: [] });

/**
 * Notes an answer's `Date` header. The header has a resolution of one second and is
 * written before the body is sent, so half a second is added: the estimate is then
 * within half a second either way.
 */
export function noteEnsDate(header: string | undefined | null, receivedAt = Date.now()): void {
  if (!header) return;
  const sent = Date.parse(header);
  if (!Number.isFinite(sent)) return;
  state.offsets.push(sent + 500 - receivedAt);
  if (state.offsets.length > SAMPLES) state.offsets.shift();
}

/** How far ENS's clock is ahead of this machine's, in ms (negative when behind). */
export function ensClockOffsetMs(): number {
  if (state.offsets.length === 0) return 0;
  const sorted = [...state.offsets].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  // Within a second is noise of the header's resolution, not a skew worth showing.
  return Math.abs(median) < 1_000 ? 0 : median;
}

/** Now, on ENS's clock (epoch ms). */
export function ensNow(): number {
  return Date.now() + ensClockOffsetMs();
}

/** Forgets what was seen: the connection changed, or a test starts over. */
export function resetEnsClock(): void {
  state.offsets = [];
}
