/*
 * ENS's clock, as the dashboard knows it: every ENS answer carries a `Date` header, and
 * the offset between it and this machine's clock is what relative times, countdowns
 * and the rollout engine's deadlines use. In simulator mode that is the simulator's
 * clock, which tests advance; in live mode it absorbs the skew between this host and
 * ENS. Until an answer has been seen the offset is 0.
 */

/**
 * Samples kept for the estimate, by when they arrived. The estimate is the largest
 * offset of the last few seconds: an answer delayed on the way makes ENS look behind,
 * never ahead, so the largest is the least delayed; and a clock that jumps forward (a
 * test advancing the simulator) is followed at the first answer after the jump.
 */
const WINDOW_MS = 10_000;

interface Sample {
  offset: number;
  receivedAt: number;
}

interface ClockState {
  samples: Sample[];
  /** The estimate once the window has emptied: the clock does not fall back to 0 between answers. */
  last: number;
}

// On globalThis: the watcher and the route handlers are separate module instances.
const holder = globalThis as typeof globalThis & { __ensClock?: ClockState };
const state = (holder.__ensClock ??= { samples: [], last: 0 });

/**
 * Notes an answer's `Date` header. The header has a resolution of one second and is
 * written before the body is sent, so half a second is added: the estimate is then
 * within half a second either way.
 */
export function noteEnsDate(header: string | undefined | null, receivedAt = Date.now()): void {
  if (!header) return;
  const sent = Date.parse(header);
  if (!Number.isFinite(sent)) return;
  state.samples = state.samples.filter((s) => receivedAt - s.receivedAt < WINDOW_MS);
  state.samples.push({ offset: sent + 500 - receivedAt, receivedAt });
  state.last = Math.max(...state.samples.map((s) => s.offset));
}

/** How far ENS's clock is ahead of this machine's, in ms (negative when behind). */
export function ensClockOffsetMs(): number {
  // Within a second is noise of the header's resolution, not a skew worth showing.
  return Math.abs(state.last) < 1_000 ? 0 : state.last;
}

/** Now, on ENS's clock (epoch ms). */
export function ensNow(): number {
  return Date.now() + ensClockOffsetMs();
}

/** Forgets what was seen: the connection changed, or a test starts over. */
export function resetEnsClock(): void {
  state.samples = [];
  state.last = 0;
}
