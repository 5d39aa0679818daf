'use client';

import { formatAgo, formatTimestamp } from '@/lib/domain/format';
import { setPollingPaused, usePollingPaused } from '@/lib/client/polling';
import { useNow } from '@/lib/client/use-now';
import styles from './live-status.module.css';

interface Props {
  /** When the data on screen was fetched by the server (epoch ms). */
  fetchedAt: number;
  fetching: boolean;
  stale: boolean;
}

/** "Live · updated 3 s ago" with a pause switch that stops every live query in the tab. */
export function LiveStatus({ fetchedAt, fetching, stale }: Props) {
  const paused = usePollingPaused();
  const now = useNow();
  const dotClass = paused ? styles.dotPaused : stale ? styles.dotStale : '';
  return (
    <div className={styles.live}>
      <span data-testid="updated-ago">
        <span
          className={`${styles.dot} ${dotClass} ${fetching && !paused ? styles.fetching : ''}`}
          aria-hidden="true"
        />
        {paused ? 'Paused' : stale ? 'Stale' : 'Live'} · updated{' '}
        {now === null ? `at ${formatTimestamp(fetchedAt)} UTC` : formatAgo(fetchedAt, Math.max(now, fetchedAt))}
      </span>
      <button type="button" className="btn btn-sm" aria-pressed={paused} onClick={() => setPollingPaused(!paused)}>
        {paused ? 'Resume updates' : 'Pause updates'}
      </button>
    </div>
  );
}
