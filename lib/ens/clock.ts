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
 *
 * With `sentAt`, when the request left, the answer also bounds the offset from above:
 * the header was written after the request left, so ENS's clock was then at most a
 * second past the header. An estimate above that bound is disproved, not delayed: ENS's
 * clock went back (the simulator reset by a test, a clock stepped back on ENS's side).
 * The samples before it are dropped, and the estimate follows at this first answer
 * rather than once the window has emptied; until then a rollout's gate would take
 * instances distributed a second ago for instances stuck an hour.
 */
export function noteEnsDate(header: string | undefined | null, receivedAt = Date.now(), sentAt?: number): void {
  if (!header) return;
  const sent = Date.parse(header);
  if (!Number.isFinite(sent)) return;
  const offset = sent + 500 - receivedAt;
  const disproved = sentAt !== undefined && state.last > sent + 1_000 - sentAt;
  state.samples = disproved ? [] : state.samples.filter((s) => receivedAt - s.receivedAt < WINDOW_MS);
  state.samples.push({ offset, receivedAt });
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
