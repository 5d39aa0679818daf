import 'server-only';
import { createHash } from 'node:crypto';

/**
 * A route's JSON answer. A GET answer carries a weak ETag and `private, no-cache`, so a
 * browser polling a live page revalidates with If-None-Match and gets an empty 304
 * while the data has not changed since its last poll (a sweep lasts several polls):
 * no body to build, compress or send. Other methods are never cached.
 *
 * `volatile` names top-level fields that change on every request without changing
 * what the answer means (`ensNow`, the ENS clock at the moment of answering): the tag
 * leaves them out, which is what a weak validator is for (RFC 9110 §8.8.1).
 */
export function jsonResponse(request: Request, value: object, volatile: readonly string[] = []): Response {
  const body = JSON.stringify(value);
  if (request.method !== 'GET') return jsonBody(body, { 'cache-control': 'no-store' });
  const tag = weakTag(volatile.length === 0 ? body : JSON.stringify(value, omitTopLevel(value, volatile)));
  const headers = { 'cache-control': 'private, no-cache', etag: tag };
  if (matches(request.headers.get('if-none-match'), tag)) return new Response(null, { status: 304, headers });
  return jsonBody(body, headers);
}

function jsonBody(body: string, headers: Record<string, string>): Response {
  return new Response(body, { headers: { 'content-type': 'application/json', ...headers } });
}

function weakTag(source: string): string {
  return `W/"${createHash('sha1').update(source).digest('base64url')}"`;
}

function omitTopLevel(root: object, keys: readonly string[]): (this: unknown, key: string, value: unknown) => unknown {
  return function (this: unknown, key, value) {
    return this === root && keys.includes(key) ? undefined : value;
  };
}

/** If-None-Match compares weakly (RFC 9110 §13.1.2): `*`, or any listed tag, W/ or not. */
function matches(header: string | null, tag: string): boolean {
  if (!header) return false;
  const opaque = tag.slice(2);
  return header.split(',').some((candidate) => {
    const trimmed = candidate.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === opaque;
  });
}
