import 'server-only';
import type { CachedRead } from '@/lib/server/cache/read-through';
import { describeUpstreamError } from '@/lib/server/http';

/** How current an answer is: every live read says when it was fetched and whether it is stale. */
export interface Freshness {
  fetchedAt: string;
  stale: boolean;
  error?: { code: string; message: string };
}

export function freshnessOf(read: CachedRead<unknown>): Freshness {
  return {
    fetchedAt: new Date(read.fetchedAt).toISOString(),
    stale: read.stale,
    ...(read.stale && read.error !== undefined ? { error: describeUpstreamError(read.error) } : {}),
  };
}
