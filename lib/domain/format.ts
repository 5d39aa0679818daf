/*
 * Number and time formatting for the monitoring pages. A fixed locale, so the
 * server's first render and the browser's hydration print the same text.
 */
const countFormat = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return countFormat.format(n);
}

/** 0.9734 → "97.3 %"; exactly 1 → "100 %" (and never "100.0 %" for 99.96 %). */
export function formatPercent(fraction: number | null): string {
  if (fraction === null || !Number.isFinite(fraction)) return '—';
  if (fraction >= 1) return '100 %';
  const pct = Math.floor(fraction * 1000) / 10;
  return `${pct.toFixed(1)} %`;
}

/** A duration as the two largest units: "45 s", "3 m 20 s", "2 h 5 m", "3 d 4 h". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} m ${s % 60} s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h ${m % 60} m`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** Time since `then` (epoch ms), e.g. "12 s ago"; "just now" under a second. */
export function formatAgo(then: number, now: number): string {
  const ms = now - then;
  if (ms < 1000) return 'just now';
  return `${formatDuration(ms)} ago`;
}

/** Time an instance has been in its current state, from its update time; null when unparseable. */
export function timeInState(updateTime: string, now: number): number | null {
  const t = Date.parse(updateTime);
  return Number.isFinite(t) ? Math.max(0, now - t) : null;
}

/** An ENS timestamp as "2024-08-25 10:03:12" UTC: sortable, unambiguous, same on server and browser. */
export function formatTimestamp(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const t = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(t)) return String(value);
  return new Date(t).toISOString().slice(0, 19).replace('T', ' ');
}

/** An axis tick for a time chart: the time of day, with the date when the chart spans more than a day. */
export function timeTick(t: number, spanMs: number): string {
  const iso = new Date(t).toISOString();
  return spanMs > 20 * 3_600_000
    ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}`
    : iso.slice(11, spanMs > 3 * 3_600_000 ? 16 : 19);
}
