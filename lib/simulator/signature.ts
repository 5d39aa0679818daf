/**
 * ACS3-HMAC-SHA256 (V3) signature verification, written from the public
 * specification (docs/ens.md §3) and deliberately independent of
 * `@alicloud/openapi-util`: the simulator exists to check that signing code, so
 * it must not share it.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { SimError } from './errors';
import type { NonceCache } from './nonce-cache';

export const ALGORITHM = 'ACS3-HMAC-SHA256';
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
/** The service accepts an `x-acs-date` this far from its own clock, either way. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/** Headers every request must sign (docs/ens.md §3.9 step 3); content-type too when there is a body. */
export const REQUIRED_SIGNED_HEADERS = [
  'host',
  'x-acs-action',
  'x-acs-content-sha256',
  'x-acs-date',
  'x-acs-signature-nonce',
  'x-acs-version',
] as const;

const AUTHORIZATION = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/;
const ACS_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;

/** Node's `req.headersDistinct` shape: lowercase names, every occurrence kept. */
export type HeaderMap = Readonly<Record<string, readonly string[] | undefined>>;

// ---------------------------------------------------------------- encoding

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    byte === 0x2d || // -
    byte === 0x2e || // .
    byte === 0x5f || // _
    byte === 0x7e // ~
  );
}

/** RFC 3986 percent-encoding of the UTF-8 bytes, uppercase hex (docs/ens.md §3.3). */
export function encodeRfc3986(input: string | Uint8Array): string {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  let out = '';
  for (const byte of bytes) {
    out += isUnreserved(byte) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function hexValue(code: number | undefined): number {
  if (code === undefined) return -1;
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}

/**
 * Percent-decodes to bytes. `+` stays a literal plus (it is not a space in the
 * signature's encoding), and a `%` not followed by two hex digits is kept as is,
 * so no input can make canonicalization throw.
 */
export function percentDecode(input: string): Buffer {
  const raw = Buffer.from(input, 'utf8');
  const out = Buffer.alloc(raw.length);
  let length = 0;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i] as number;
    const high = byte === 0x25 ? hexValue(raw[i + 1]) : -1;
    const low = high >= 0 ? hexValue(raw[i + 2]) : -1;
    if (low >= 0) {
      out[length++] = high * 16 + low;
      i += 2;
    } else {
      out[length++] = byte;
    }
  }
  return out.subarray(0, length);
}

// ---------------------------------------------------------------- query

interface RawPair {
  name: Buffer;
  value: Buffer;
}

function splitPairs(rawQuery: string, decode: (s: string) => Buffer): RawPair[] {
  const pairs: RawPair[] = [];
  for (const piece of rawQuery.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const name = eq < 0 ? piece : piece.slice(0, eq);
    const value = eq < 0 ? '' : piece.slice(eq + 1);
    pairs.push({ name: decode(name), value: decode(value) });
  }
  return pairs;
}

/**
 * The canonical query string (docs/ens.md §3.4) of a query as it came off the wire:
 * clients escape differently (Node's querystring leaves `!'()*` raw), so every
 * name and value is decoded and re-encoded. Sorted by the decoded name's bytes,
 * which is the order the SDK sorts its (ASCII) keys in; ties by value.
 */
export function canonicalQueryString(rawQuery: string): string {
  return splitPairs(rawQuery, percentDecode)
    .sort((a, b) => Buffer.compare(a.name, b.name) || Buffer.compare(a.value, b.value))
    .map((pair) => `${encodeRfc3986(pair.name)}=${encodeRfc3986(pair.value)}`)
    .join('&');
}

/** Query parameters decoded the way the signature reads them (`+` is a plus). A repeated name keeps its last value. */
export function parseQueryParams(rawQuery: string): Record<string, string> {
  return pairsToRecord(splitPairs(rawQuery, percentDecode));
}

/**
 * An `application/x-www-form-urlencoded` body. Unlike the query, `+` is a space
 * here, as the form encoding defines it; the body is only ever hashed, never
 * canonicalized, so this cannot disagree with a signature.
 */
export function parseFormBody(body: string): Record<string, string> {
  return pairsToRecord(splitPairs(body, (s) => percentDecode(s.replaceAll('+', ' '))));
}

function pairsToRecord(pairs: readonly RawPair[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const { name, value } of pairs) record[name.toString('utf8')] = value.toString('utf8');
  return record;
}

/** RPC requests always go to `/`; other paths are canonicalized segment by segment for completeness. */
export function canonicalUri(pathname: string): string {
  if (pathname === '' || pathname === '/') return '/';
  return pathname
    .split('/')
    .map((segment) => encodeRfc3986(percentDecode(segment)))
    .join('/');
}

// ---------------------------------------------------------------- headers

/**
 * Canonical headers (docs/ens.md §3.5) for the names the client listed in
 * SignedHeaders: values trimmed, repeated values sorted and joined with `,` as
 * the SDK does. Throws IncompleteSignature for a listed header that is absent.
 */
export function canonicalHeaders(headers: HeaderMap, signedHeaders: readonly string[]): string {
  let out = '';
  for (const name of [...signedHeaders].sort()) {
    const values = headers[name];
    if (values === undefined || values.length === 0) {
      throw incompleteSignature(`The header "${name}" is listed in SignedHeaders but is not in the request.`);
    }
    out += `${name}:${values
      .map((v) => v.trim())
      .sort()
      .join(',')}\n`;
  }
  return out;
}

// ---------------------------------------------------------------- signing

export interface CanonicalRequestParts {
  method: string;
  /** Already canonical, e.g. from canonicalUri(). */
  uri: string;
  /** Already canonical, e.g. from canonicalQueryString(). */
  query: string;
  /** Already canonical, e.g. from canonicalHeaders(). */
  headers: string;
  signedHeaders: readonly string[];
  payloadHash: string;
}

/** Reference §3.2: the canonical headers end in `\n`, so a blank line precedes SignedHeaders. */
export function canonicalRequest(parts: CanonicalRequestParts): string {
  const signed = [...parts.signedHeaders].sort().join(';');
  return [parts.method.toUpperCase(), parts.uri, parts.query, parts.headers, signed, parts.payloadHash].join('\n');
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function stringToSign(canonical: string): string {
  return `${ALGORITHM}\n${sha256Hex(canonical)}`;
}

/** The key is the raw secret: no `&` suffix (that is V2) and no derived key (docs/ens.md §3.7). */
export function signString(accessKeySecret: string, toSign: string): string {
  return createHmac('sha256', Buffer.from(accessKeySecret, 'utf8')).update(toSign, 'utf8').digest('hex');
}

// ---------------------------------------------------------------- verification

export interface ParsedAuthorization {
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

/** Null for a missing or malformed header (docs/ens.md §3.9 step 1). */
export function parseAuthorization(header: string | undefined): ParsedAuthorization | null {
  const match = header === undefined ? null : AUTHORIZATION.exec(header);
  if (!match) return null;
  const [, accessKeyId = '', signedList = '', signature = ''] = match;
  const signedHeaders = signedList.split(';');
  const valid = signedHeaders.every((name) => HEADER_NAME.test(name));
  const unique = new Set(signedHeaders).size === signedHeaders.length;
  return valid && unique ? { accessKeyId, signedHeaders, signature } : null;
}

export interface VerifiableRequest {
  method: string;
  pathname: string;
  /** The query string exactly as received, without the `?`. */
  rawQuery: string;
  headers: HeaderMap;
  body: Uint8Array;
}

export interface VerifyContext {
  /** The secret for an AccessKey id, or undefined when the key does not exist. */
  lookupSecret(accessKeyId: string): string | undefined;
  nonces: NonceCache;
  /** Real wall-clock time in ms; `x-acs-date` is checked against it, never the simulated clock. */
  now: number;
}

export interface VerifiedRequest {
  accessKeyId: string;
  canonicalRequest: string;
}

/**
 * Reference §3.9 steps 1–8. Throws the SimError the service would answer with.
 * The nonce is remembered only once the signature is proven, so a forged
 * request cannot burn a nonce that a genuine one is about to use.
 */
export function verifyRequest(req: VerifiableRequest, ctx: VerifyContext): VerifiedRequest {
  const auth = parseAuthorization(single(req.headers, 'authorization'));
  if (!auth) {
    throw incompleteSignature(
      'The Authorization header is missing or is not "ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…".',
    );
  }
  const secret = ctx.lookupSecret(auth.accessKeyId);
  if (secret === undefined) {
    throw new SimError('InvalidAccessKeyId.NotFound', 'Specified access key is not found.', 404);
  }
  requireSignedHeaders(auth.signedHeaders, req.body.length > 0);
  const headers = canonicalHeaders(req.headers, auth.signedHeaders);
  const dateMs = checkDate(single(req.headers, 'x-acs-date') ?? '', ctx.now);
  const nonce = single(req.headers, 'x-acs-signature-nonce') ?? '';
  if (nonce === '') throw incompleteSignature('The header "x-acs-signature-nonce" is empty.');
  if (ctx.nonces.has(auth.accessKeyId, nonce, ctx.now)) {
    throw new SimError('SignatureNonceUsed', 'Specified signature nonce was used already.', 400);
  }
  const payloadHash = sha256Hex(req.body);
  if (single(req.headers, 'x-acs-content-sha256') !== payloadHash) {
    throw signatureMismatch('The x-acs-content-sha256 header does not match the SHA-256 of the request body.');
  }
  const canonical = canonicalRequest({
    method: req.method,
    uri: canonicalUri(req.pathname),
    query: canonicalQueryString(req.rawQuery),
    headers,
    signedHeaders: auth.signedHeaders,
    payloadHash,
  });
  const toSign = stringToSign(canonical);
  if (!hexEqual(signString(secret, toSign), auth.signature)) {
    throw signatureMismatch(`Specified signature does not match our calculation. server string to sign is:${toSign}`);
  }
  ctx.nonces.remember(auth.accessKeyId, nonce, Math.max(ctx.now, dateMs) + MAX_CLOCK_SKEW_MS, ctx.now);
  return { accessKeyId: auth.accessKeyId, canonicalRequest: canonical };
}

function requireSignedHeaders(signed: readonly string[], hasBody: boolean): void {
  const required: readonly string[] = hasBody ? [...REQUIRED_SIGNED_HEADERS, 'content-type'] : REQUIRED_SIGNED_HEADERS;
  const missing = required.filter((name) => !signed.includes(name));
  if (missing.length > 0) {
    throw incompleteSignature(`SignedHeaders must include ${missing.join(', ')}.`);
  }
}

/** Returns the date in ms; throws InvalidTimeStamp.Format or .Expired. */
export function checkDate(value: string, now: number): number {
  const ms = ACS_DATE.test(value) ? Date.parse(value) : Number.NaN;
  // Date.parse rolls 2024-02-30 over to March; the round trip catches it.
  if (Number.isNaN(ms) || new Date(ms).toISOString().replace('.000Z', 'Z') !== value) {
    throw new SimError(
      'InvalidTimeStamp.Format',
      'Specified time stamp or date value is not well formatted. x-acs-date must be UTC YYYY-MM-DDThh:mm:ssZ.',
      400,
    );
  }
  if (Math.abs(now - ms) > MAX_CLOCK_SKEW_MS) {
    throw new SimError(
      'InvalidTimeStamp.Expired',
      'Specified time stamp or date value is expired: it must be within 15 minutes of the server time.',
      400,
    );
  }
  return ms;
}

function single(headers: HeaderMap, name: string): string | undefined {
  const values = headers[name];
  return values === undefined ? undefined : values.join(',');
}

function hexEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

function incompleteSignature(detail: string): SimError {
  return new SimError(
    'IncompleteSignature',
    `The request signature does not conform to Aliyun standards. ${detail}`,
    400,
  );
}

function signatureMismatch(message: string): SimError {
  return new SimError('SignatureDoesNotMatch', message, 400);
}
