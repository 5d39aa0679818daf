import { formatCount, formatPercent } from './format';
import type { RolloutState, StatusCounts } from './status';

/*
 * The shields-style status badge of one version, for wikis and READMEs:
 * "data 1.2 | 98.4 % · 7 failed", coloured by the rollout's state. Pure: the route
 * gives it the version's figures and sends the SVG.
 */

export interface BadgeInput {
  name: string;
  version: string;
  counts: StatusCounts;
  inFlight: number;
  successRate: number | null;
  state: RolloutState;
}

/** Colour per state; shields' palette, so the badge sits well next to others. */
export const BADGE_COLORS: Record<RolloutState | 'unknown', string> = {
  done: '#44cc11',
  'done-with-failures': '#e05d44',
  'in-flight': '#007ec6',
  'no-instances': '#9f9f9f',
  unknown: '#9f9f9f',
};

const MAX_LABEL = 40;

/** The last path segment of the file name (the part people recognise), shortened with an ellipsis. */
function shortLabel(name: string, version: string): string {
  const file = name.split('/').pop() || name;
  const label = `${file} ${version}`;
  return label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label;
}

export function badgeText(input: BadgeInput): { label: string; message: string; color: string } {
  const label = shortLabel(input.name, input.version);
  const parts: string[] = [];
  if (input.state === 'no-instances') parts.push('no instances');
  else parts.push(formatPercent(input.successRate));
  if (input.counts.FAILED > 0) parts.push(`${formatCount(input.counts.FAILED)} failed`);
  if (input.inFlight > 0) parts.push(`${formatCount(input.inFlight)} in flight`);
  return { label, message: parts.join(' · '), color: BADGE_COLORS[input.state] };
}

/** Approximate width of Verdana 11 px text, as shields measures it (close enough for a badge). */
function textWidth(text: string): number {
  let w = 0;
  for (const ch of text)
    w += /[iljtf.,:;'|!· ]/.test(ch) ? 3.6 : /[mwMW%@]/.test(ch) ? 9.5 : /[A-Z0-9…]/.test(ch) ? 7.4 : 6.4;
  return Math.ceil(w);
}

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );
}

export function badgeSvg({ label, message, color }: { label: string; message: string; color: string }): string {
  const lw = textWidth(label) + 12;
  const mw = textWidth(message) + 12;
  const w = lw + mw;
  const l = escapeXml(label);
  const m = escapeXml(message);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20" role="img" aria-label="${l}: ${m}">`,
    `<title>${l}: ${m}</title>`,
    `<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>`,
    `<clipPath id="r"><rect width="${w}" height="20" rx="3" fill="#fff"/></clipPath>`,
    `<g clip-path="url(#r)"><rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${mw}" height="20" fill="${color}"/><rect width="${w}" height="20" fill="url(#s)"/></g>`,
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">`,
    `<text x="${lw / 2}" y="15" fill="#010101" fill-opacity=".3">${l}</text><text x="${lw / 2}" y="14">${l}</text>`,
    `<text x="${lw + mw / 2}" y="15" fill="#010101" fill-opacity=".3">${m}</text><text x="${lw + mw / 2}" y="14">${m}</text>`,
    `</g></svg>`,
  ].join('');
}
