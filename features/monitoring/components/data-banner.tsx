'use client';

import { formatAgo, formatTimestamp } from '@/lib/domain/format';
import { useNow } from '@/lib/client/use-now';

interface Props {
  /** The server served its last good data because ENS failed (`stale: true`). */
  stale: boolean;
  upstreamError?: { code: string; message: string } | undefined;
  /** The browser could not refresh at all (dashboard server down, network). */
  refreshError: Error | null;
  fetchedAt: number;
}

/** Says why the numbers may be old, while they stay on screen. */
export function DataBanner({ stale, upstreamError, refreshError, fetchedAt }: Props) {
  const now = useNow();
  if (!stale && !refreshError) return null;
  const age = now === null ? `at ${formatTimestamp(fetchedAt)} UTC` : formatAgo(fetchedAt, Math.max(now, fetchedAt));
  if (refreshError) {
    return (
      <div className="banner banner-error" role="status" data-testid="stale-banner">
        <div>
          <strong>Could not refresh.</strong> {refreshError.message} Showing the last data received, updated {age};
          retrying automatically.
        </div>
      </div>
    );
  }
  return (
    <div className="banner banner-warn" role="status" data-testid="stale-banner">
      <div>
        <strong>ENS did not answer; these numbers may be out of date.</strong>{' '}
        {upstreamError ? `${upstreamError.message} (${upstreamError.code}). ` : ''}Showing the last good data, from{' '}
        {age}.
      </div>
    </div>
  );
}
