'use client';

import { formatAgo, formatTimestamp } from '@/lib/domain/format';
import { useNow } from '@/lib/client/use-now';

/** "3 m 20 s ago", the exact UTC time on hover; the exact time alone until hydrated, so server and browser agree. */
export function RelativeTime({ at }: { at: number }) {
  const now = useNow();
  const exact = `${formatTimestamp(at)} UTC`;
  return (
    <time dateTime={new Date(at).toISOString()} title={exact}>
      {now === null ? exact : formatAgo(at, Math.max(now, at))}
    </time>
  );
}
