/**
 * A second, deliberately naive V3 signer for tests, written straight from
 * docs/ens.md §3 and sharing no code with signature.ts, so tests can build a valid
 * request and then change exactly one thing in it. Not for production use.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';

export interface SignInput {
  accessKeyId: string;
  accessKeySecret: string;
  method?: 'GET' | 'POST';
  /** host:port as the client sends it. */
  host: string;
  action: string;
  version?: string;
  /** Business parameters for the query string. */
  query?: Record<string, string>;
  /** Raw form body; when set, content-type is application/x-www-form-urlencoded and signed. */
  body?: string;
  date?: string;
  nonce?: string;
  /** Extra headers to send and sign (lowercase names). */
  extraHeaders?: Record<string, string>;
}

export interface SignedRequest {
  method: 'GET' | 'POST';
  /** Path and query as sent on the wire. */
  path: string;
  /** Every header to send, including host and authorization. */
  headers: Record<string, string>;
  body: string | undefined;
}

const enc = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
const hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');

export function acsDate(ms = Date.now()): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function signRequest(input: SignInput): SignedRequest {
  const method = input.method ?? 'POST';
  const body = input.body;
  const query = input.query ?? {};
  const canonicalQuery = Object.keys(query)
    .sort()
    .map((k) => `${enc(k)}=${enc(query[k] ?? '')}`)
    .join('&');
  const headers: Record<string, string> = {
    host: input.host,
    'x-acs-action': input.action,
    'x-acs-version': input.version ?? '2017-11-10',
    'x-acs-date': input.date ?? acsDate(),
    'x-acs-signature-nonce': input.nonce ?? randomBytes(16).toString('hex'),
    'x-acs-content-sha256': hex(body ?? ''),
    ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
    ...input.extraHeaders,
  };
  const names = Object.keys(headers).sort();
  const canonicalHeaders = names.map((n) => `${n}:${(headers[n] ?? '').trim()}\n`).join('');
  const canonicalRequest = [method, '/', canonicalQuery, canonicalHeaders, names.join(';'), hex(body ?? '')].join('\n');
  const stringToSign = `ACS3-HMAC-SHA256\n${hex(canonicalRequest)}`;
  const signature = createHmac('sha256', input.accessKeySecret).update(stringToSign).digest('hex');
  headers.authorization = `ACS3-HMAC-SHA256 Credential=${input.accessKeyId},SignedHeaders=${names.join(';')},Signature=${signature}`;
  return { method, path: canonicalQuery === '' ? '/' : `/?${canonicalQuery}`, headers, body };
}
