/*
 * Axis ticks for the hand-drawn charts: round numbers and round times, few enough to
 * fit a phone's width.
 */

/** 0 to a round top at or above `max`, in at most `count` + 1 round steps (1, 2, 2.5 or 5 × 10^k). */
export function countTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, ([1, 2, 2.5, 5, 10].find((m) => m * pow >= raw) ?? 10) * pow);
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) ticks.push(v);
  return ticks;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const STEPS = [
  SECOND,
  5 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  5 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  24 * HOUR,
  2 * 24 * HOUR,
  7 * 24 * HOUR,
  14 * 24 * HOUR,
  28 * 24 * HOUR,
];

/**
 * Round UTC times strictly inside (from, to): the finest round step that gives between
 * one and `count` of them. Where none does (a step too coarse lands nowhere inside, a
 * week's on a six-day span), `count` evenly spaced times: an axis always has labels.
 */
export function timeTicks(from: number, to: number, count = 4): number[] {
  if (!(to > from)) return [];
  for (const step of STEPS) {
    if ((to - from) / step > count + 1) continue;
    const ticks: number[] = [];
    for (let t = Math.ceil(from / step) * step; t < to && ticks.length <= count; t += step) if (t > from) ticks.push(t);
    if (ticks.length >= 1 && ticks.length <= count) return ticks;
  }
  const step = (to - from) / (count + 1);
  return Array.from({ length: count }, (_, i) => from + step * (i + 1));
}
