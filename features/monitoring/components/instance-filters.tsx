'use client';

import { useCallback, useId } from 'react';
import { formatCount } from '@/lib/domain/format';
import type { InstanceQuery } from '@/lib/contracts/instance-params';
import { DIST_STATUSES, STATUS_META, type StatusCounts } from '@/lib/domain/status';
import { toggled, withFilters } from '@/lib/contracts/url-state';
import styles from './instance-filters.module.css';
import { useDebouncedText } from './use-debounced-text';

interface Props {
  query: InstanceQuery;
  counts: StatusCounts;
  regions: readonly string[];
  onChange: (next: InstanceQuery, mode: 'push' | 'replace') => void;
}

/** Status toggles with their counts, a region picker and a text search over id, region and description. */
export function InstanceFilters({ query, counts, regions, onChange }: Props) {
  const id = useId();
  const commit = useCallback((q: string) => onChange(withFilters(query, { q }), 'replace'), [query, onChange]);
  const [text, setText] = useDebouncedText(query.q, commit, 250);

  const region = query.region.length === 1 ? (query.region[0] ?? '') : '';
  const hasFilters = query.status.length > 0 || query.region.length > 0 || query.q !== '';
  return (
    <div role="search" aria-label="Filter instances">
      <div className={styles.bar}>
        <fieldset className={styles.statuses}>
          <legend>Status</legend>
          {DIST_STATUSES.map((s) => (
            <button
              key={s}
              type="button"
              className={styles.chip}
              aria-pressed={query.status.includes(s)}
              onClick={() => onChange(withFilters(query, { status: toggled(query.status, s) }), 'push')}
            >
              <span className={styles.swatch} style={{ backgroundColor: STATUS_META[s].cssVar }} aria-hidden="true" />
              {STATUS_META[s].label} <b>{formatCount(counts[s])}</b>
            </button>
          ))}
        </fieldset>
        <div className={`field ${styles.region}`}>
          <label htmlFor={`${id}-region`}>Region</label>
          <select
            id={`${id}-region`}
            className="input"
            value={query.region.length > 1 ? '__many' : region}
            onChange={(e) => onChange(withFilters(query, { region: e.target.value ? [e.target.value] : [] }), 'push')}
          >
            <option value="">All regions</option>
            {query.region.length > 1 ? (
              <option value="__many" disabled>
                {query.region.length} regions
              </option>
            ) : null}
            {regions.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <div className={`field ${styles.search}`}>
          <label htmlFor={`${id}-q`}>Search id, region or description</label>
          <input
            id={`${id}-q`}
            className="input"
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="e.g. i-5f2 or checksum"
          />
        </div>
      </div>
      {hasFilters ? (
        <div className={styles.active}>
          <span className="muted">
            Filtered by{' '}
            {[
              query.status.length ? 'status' : '',
              query.region.length ? `region ${query.region.join(', ')}` : '',
              query.q ? `“${query.q}”` : '',
            ]
              .filter(Boolean)
              .join(', ')}
          </span>
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => onChange(withFilters(query, { status: [], region: [], q: '' }), 'push')}
          >
            Clear filters
          </button>
        </div>
      ) : null}
    </div>
  );
}
