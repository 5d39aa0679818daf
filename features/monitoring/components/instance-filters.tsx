'use client';

import { useCallback, useId } from 'react';
import { useSearchParams } from 'next/navigation';
import { formatCount } from '@/lib/domain/format';
import type { InstanceQuery } from '@/lib/contracts/instance-params';
import { DIST_STATUSES, STATUS_META, isDistStatus, type StatusCounts } from '@/lib/domain/status';
import { toggled, withFilters } from '@/lib/contracts/url-state';
import styles from './instance-filters.module.css';
import { useDebouncedText } from './use-debounced-text';
import type { NextState } from '@/lib/client/use-url-state';

interface Props {
  query: InstanceQuery;
  /** By status, under the other active filters (region, text): what each toggle would add. */
  counts: StatusCounts;
  regions: readonly string[];
  /** Rows per region under the other active filters (status, text); absent until known. */
  regionCounts?: ReadonlyMap<string, number> | undefined;
  onChange: (next: NextState<InstanceQuery>, mode: 'push' | 'replace') => void;
}

/** Status toggles with their counts, a region picker and a text search over id, region and description. */
export function InstanceFilters({ query, counts, regions, regionCounts, onChange }: Props) {
  const id = useId();
  // The rest of the URL's state, carried by the status toggles' form (page back to 1).
  const kept = [...useSearchParams().entries()].filter(([k]) => k !== 'status' && k !== 'page');
  const commit = useCallback((q: string) => onChange((current) => withFilters(current, { q }), 'replace'), [onChange]);
  const [text, setText] = useDebouncedText(query.q, commit, 250);

  const region = query.region.length === 1 ? (query.region[0] ?? '') : '';
  const hasFilters = query.status.length > 0 || query.region.length > 0 || query.q !== '';
  return (
    <div role="search" aria-label="Filter instances">
      <div className={styles.bar}>
        {/* A GET form: a toggle clicked before the page has hydrated still filters, by loading the filtered page. */}
        <form method="get" className={styles.statusForm}>
          {kept.map(([k, v], i) => (
            <input key={`${k}-${i}`} type="hidden" name={k} value={v} />
          ))}
          <fieldset className={styles.statuses}>
            <legend>Status</legend>
            {DIST_STATUSES.map((s) => (
              <button
                key={s}
                type="submit"
                name="status"
                value={toggled(query.status, s).join(',')}
                className={styles.chip}
                aria-pressed={query.status.includes(s)}
                onClick={(event) => {
                  event.preventDefault();
                  onChange((current) => withFilters(current, { status: toggled(current.status, s) }), 'push');
                }}
              >
                <span className={styles.swatch} style={{ backgroundColor: STATUS_META[s].cssVar }} aria-hidden="true" />
                {STATUS_META[s].label} <b>{formatCount(counts[s])}</b>
              </button>
            ))}
          </fieldset>
        </form>
        <div className={`field ${styles.region}`}>
          <label htmlFor={`${id}-region`}>Region</label>
          <select
            id={`${id}-region`}
            className="input"
            value={query.region.length > 1 ? '__many' : region}
            onChange={(e) =>
              onChange((current) => withFilters(current, { region: e.target.value ? [e.target.value] : [] }), 'push')
            }
          >
            <option value="">All regions</option>
            {query.region.length > 1 ? (
              <option value="__many" disabled>
                {query.region.length} regions
              </option>
            ) : null}
            {regions.map((r) => (
              <option key={r} value={r}>
                {regionCounts ? `${r} (${formatCount(regionCounts.get(r) ?? 0)})` : r}
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
        // Every active filter as a chip of its own: combining is visible, and each goes with one click.
        <div className={styles.active}>
          <span className="muted">Showing only:</span>
          <ul className={styles.activeChips} aria-label="Active filters">
            {query.status.filter(isDistStatus).map((s) => (
              <li key={`status-${s}`}>
                <button
                  type="button"
                  className={styles.filterChip}
                  aria-label={`Remove the status filter ${STATUS_META[s].label}`}
                  onClick={() =>
                    onChange(
                      (current) => withFilters(current, { status: current.status.filter((x) => x !== s) }),
                      'push',
                    )
                  }
                >
                  Status: {STATUS_META[s].label} <span aria-hidden="true">×</span>
                </button>
              </li>
            ))}
            {query.region.map((r) => (
              <li key={`region-${r}`}>
                <button
                  type="button"
                  className={styles.filterChip}
                  aria-label={`Remove the region filter ${r}`}
                  onClick={() =>
                    onChange(
                      (current) => withFilters(current, { region: current.region.filter((x) => x !== r) }),
                      'push',
                    )
                  }
                >
                  Region: <span className="mono">{r}</span> <span aria-hidden="true">×</span>
                </button>
              </li>
            ))}
            {query.q ? (
              <li>
                <button
                  type="button"
                  className={styles.filterChip}
                  aria-label={`Remove the search for ${query.q}`}
                  onClick={() => {
                    setText('');
                    onChange((current) => withFilters(current, { q: '' }), 'push');
                  }}
                >
                  Search: “{query.q}” <span aria-hidden="true">×</span>
                </button>
              </li>
            ) : null}
          </ul>
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => {
              setText('');
              onChange((current) => withFilters(current, { status: [], region: [], q: '' }), 'push');
            }}
          >
            Clear all filters
          </button>
        </div>
      ) : null}
    </div>
  );
}
