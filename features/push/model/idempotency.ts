import type { PushDraft } from './draft';

/*
 * One idempotency key per submission attempt. The key is kept with the draft until the
 * server gives a definitive answer, so a retry of the same request (double click, a
 * timeout, a reload mid-flight) reuses it and the server pushes once. A changed request
 * is a new attempt and gets a new key.
 */

/** Stable text for "the same request": key order fixed by JSON.stringify of a built object. */
export function fingerprint(appId: string, request: unknown): string {
  return JSON.stringify([appId, request]);
}

export function keyFor(
  pending: PushDraft['pending'],
  print: string,
  makeKey: () => string = () => crypto.randomUUID(),
): { key: string; fingerprint: string } {
  if (pending && pending.fingerprint === print) return pending;
  return { key: makeKey(), fingerprint: print };
}

/**
 * Whether an error means the server decided (so the next attempt needs a new key):
 * any 4xx except 408/409/429 did. Network errors, 408, 409 (same key still in flight),
 * 429 and 5xx may or may not have pushed, so the key is kept for the retry.
 */
export function isDefinitiveFailure(status: number, code = ''): boolean {
  // The server could not learn whether its earlier attempt reached ENS; it refuses the
  // key from now on, so only a new key (after checking the status) can push again.
  if (code === 'PushOutcomeUnknown') return true;
  return status >= 400 && status < 500 && ![408, 409, 429].includes(status);
}
