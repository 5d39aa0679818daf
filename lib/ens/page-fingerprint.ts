import { createHash } from 'node:crypto';

const KEY = Buffer.from('"RequestId"');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const isSpace = (byte: number | undefined) => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;

export interface PageFingerprint {
  /** A hash of the answer's bytes with the RequestId's value left out. */
  fingerprint: string;
  /** The RequestId's value, read without parsing the answer; absent when there is none. */
  requestId?: string;
}

/**
 * Identifies one answer of ENS by its bytes, RequestId aside (every call gets a new
 * one): two answers with the same fingerprint parse to the same value but for the
 * RequestId, so an answer already parsed and checked can stand for the new one
 * without parsing 1,000 rows again. The RequestId is found by its key, which ENS's
 * answers carry once, at the top; a key inside a JSON string cannot match, as its
 * quotes would be escaped.
 */
export function pageFingerprint(bytes: Buffer): PageFingerprint {
  const hash = createHash('sha256');
  const value = requestIdValue(bytes);
  if (!value) return { fingerprint: hash.update(bytes).digest('base64url') };
  hash.update(bytes.subarray(0, value.start));
  hash.update(bytes.subarray(value.end));
  return { fingerprint: hash.digest('base64url'), requestId: bytes.toString('utf8', value.start, value.end) };
}

/** Where the RequestId's string value lies (between its quotes), or null. */
function requestIdValue(bytes: Buffer): { start: number; end: number } | null {
  const key = bytes.indexOf(KEY);
  if (key < 0) return null;
  let i = key + KEY.length;
  while (isSpace(bytes[i])) i++;
  if (bytes[i] !== COLON) return null;
  i++;
  while (isSpace(bytes[i])) i++;
  if (bytes[i] !== QUOTE) return null;
  const start = i + 1;
  for (let j = start; j < bytes.length; j++) {
    // An escaped character: not a RequestId ENS sends; the whole answer is hashed instead.
    if (bytes[j] === BACKSLASH) return null;
    if (bytes[j] === QUOTE) return { start, end: j };
  }
  return null;
}
