/*
 * What the dashboard lets into each ENS parameter, decided once and applied at the
 * door (push form, API bodies, query strings) so nothing reaches ENS, the database or
 * a page that a later step cannot carry. Browser-safe. docs/field-rules.md explains
 * each rule.
 */

/**
 * Characters that are invisible or reorder text: C0/C1 controls, DEL, soft hyphen,
 * bidirectional marks and overrides (U+202E made `x-\u202egz.exe` read as `x-exe.zg`),
 * zero-width characters, line and paragraph separators, the BOM and interlinear marks.
 */
const UNSAFE_CHARS =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/;
/** Half of a UTF-16 pair on its own: not text, and strict JSON parsers reject it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a text value cannot be shown or stored safely; undefined when it can. */
export function unsafeTextProblem(field: string, value: string): string | undefined {
  if (LONE_SURROGATE.test(value)) return `${field} must be valid Unicode text (it holds half of a character pair)`;
  const bad = UNSAFE_CHARS.exec(value);
  if (bad) return `${field} must not contain invisible, control or text-direction characters (U+${hex(bad[0])})`;
  return undefined;
}

/**
 * Names and versions travel comma-separated in DataNames / DataVersions (every read
 * of a push's status), so a comma in one can never be read back.
 */
export function listItemProblem(field: string, value: string): string | undefined {
  if (value.includes(','))
    return `${field} must not contain a comma: ENS lists ${field}s comma-separated, so it could never be read back`;
  return unsafeTextProblem(field, value);
}

/** ENS does not state the unit of `size`; it is bytes here, whole, and at most 1 TiB. */
export const MAX_SIZE_BYTES = 2 ** 40;

/** Where a file URL points to a host that is not on the public internet. */
export function internalUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  // The WHATWG parser already turned decimal, octal and hex IPv4 forms into dotted quads.
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return 'url points to this machine (localhost)';
  const v4 = ipv4(host) ?? mappedIpv4(host);
  if (v4) {
    const [a = 0, b = 0] = v4;
    if (a === 127 || a === 0) return 'url points to a loopback address';
    if (a === 169 && b === 254) return 'url points to a link-local address (such as the cloud metadata service)';
    if (
      a === 10 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    ) {
      return 'url points to a private network address';
    }
    return undefined;
  }
  if (host.includes(':')) {
    if (host === '::1' || host === '::') return 'url points to a loopback address';
    if (/^fe[89ab]/.test(host)) return 'url points to a link-local address';
    if (/^f[cd]/.test(host)) return 'url points to a private network address';
  }
  return undefined;
}

function ipv4(host: string): number[] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return m ? m.slice(1).map(Number) : undefined;
}

/** `::ffff:7f00:1` (how the parser writes `::ffff:127.0.0.1`) → [127, 0, 0, 1]. */
function mappedIpv4(host: string): number[] | undefined {
  const m = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (!m) return undefined;
  const hi = parseInt(m[1]!, 16);
  const lo = parseInt(m[2]!, 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255];
}

function hex(char: string): string {
  return (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
}

/** A list longer than this in an error answer is cut: the first ones, and a count. */
export const MAX_REPORTED_ISSUES = 100;
