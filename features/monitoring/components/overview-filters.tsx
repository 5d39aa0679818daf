'use client';

import { useCallback, useId } from 'react';
import type { OverviewQuery } from '@/lib/contracts/overview-params';
import styles from './overview-filters.module.css';
import { useDebouncedText } from './use-debounced-text';

interface Props {
  query: OverviewQuery;
  shown: number;
  total: number;
  onChange: (change: Partial<OverviewQuery>, mode: 'push' | 'replace') => void;
}

/** Text filter plus "has failures" / "in flight" toggles; the text reaches the URL after a short pause in typing. */
export function OverviewFilters({ query, shown, total, onChange }: Props) {
  const id = useId();
  const commit = useCallback((q: string) => onChange({ q }, 'replace'), [onChange]);
  const [text, setText] = useDebouncedText(query.q, commit, 200);

  return (
    <div className={styles.bar} role="search" aria-label="Filter versions">
      <div className={`field ${styles.search}`}>
        <label htmlFor={`${id}-q`}>Filter by file name or version</label>
        <input
          id={`${id}-q`}
          className="input"
          type="search"
          value={text}
          placeholder="e.g. client.pak or 1.4.2"
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <label className={styles.toggle}>
        <input
          type="checkbox"
          checked={query.failures}
          onChange={(e) => onChange({ failures: e.target.checked }, 'push')}
        />
        Has failures
      </label>
      <label className={styles.toggle}>
        <input
          type="checkbox"
          checked={query.inflight}
          onChange={(e) => onChange({ inflight: e.target.checked }, 'push')}
        />
        In flight
      </label>
      <span className={styles.count} aria-live="polite">
        {shown === total ? `${total} versions` : `${shown} of ${total} versions`}
      </span>
    </div>
  );
}
