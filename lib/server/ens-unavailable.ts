import 'server-only';
import { redirect } from 'next/navigation';
import { isEnsError } from '@/lib/ens/errors';
import { statusForEnsError } from '@/lib/server/http';

/** Where a page that has no data to show and cannot get any from ENS sends the browser. */
export const ENS_UNAVAILABLE_PATH = '/ens-unavailable';

/**
 * A page's first read, or — when ENS is failing and there is nothing at hand to show —
 * a redirect to the "ENS unavailable" page (503, with a retry back to `path`) instead
 * of a blank 500. Other errors are rethrown.
 */
export async function orUnavailable<T>(read: Promise<T>, path: string): Promise<T> {
  try {
    return await read;
  } catch (err) {
    if (isEnsError(err) && [429, 502, 503, 504].includes(statusForEnsError(err))) {
      redirect(`${ENS_UNAVAILABLE_PATH}?next=${encodeURIComponent(path)}`);
    }
    throw err;
  }
}

/** Only a path on this site: `/apps/…`, never `//host` or a URL. */
export function safeNextPath(next: string | null): string {
  return next !== null && /^\/(?![/\\])[^\s]*$/.test(next) && next.length <= 2_000 ? next : '/apps';
}
