'use client';

import { useEffect, useId, useState } from 'react';
import type { OverviewQuery } from '@/lib/distribution/overview-query';
import styles from './overview-filters.module.css';

interface Props {
  query: OverviewQuery;
  shown: number;
  total: number;
  onChange: (change: Partial<OverviewQuery>, mode: 'push' | 'replace') => void;
}

/** Text filter plus "has failures" / "in flight" toggles; the text reaches the URL after a short pause in typing. */
export function OverviewFilters({ query, shown, total, onChange }: Props) {
  const id = useId();
  const [text, setText] = useState(query.q);
  const [syncedQ, setSyncedQ] = useState(query.q);
  // The URL changed under us (Back, a clicked failure reason): show its text, unless it is what we typed.
  if (query.q !== syncedQ) {
    setSyncedQ(query.q);
    if (text.trim() !== query.q) setText(query.q);
  }
  useEffect(() => {
    if (text.trim() === query.q) return;
    const timer = setTimeout(() => onChange({ q: text.trim() }, 'replace'), 200);
    return () => clearTimeout(timer);
  }, [text, query.q, onChange]);

  return (
    <div className={styles.bar} role="search" aria-label="Filter versions">
      <div className={`field ${styles.search}`}>
        <label htmlFor={`${id}-q`}>Filter by file name or version</label>
        <input id={`${id}-q`} className="input" type="search" value={text} placeholder="e.g. client.pak or 1.4.2" onChange={(e) => setText(e.target.value)} />
      </div>
      <label className={styles.toggle}>
        <input type="checkbox" checked={query.failures} onChange={(e) => onChange({ failures: e.target.checked }, 'push')} />
        Has failures
      </label>
      <label className={styles.toggle}>
        <input type="checkbox" checked={query.inflight} onChange={(e) => onChange({ inflight: e.target.checked }, 'push')} />
        In flight
      </label>
      <span className={styles.count} aria-live="polite">
        {shown === total ? `${total} versions` : `${shown} of ${total} versions`}
      </span>
    </div>
  );
}
