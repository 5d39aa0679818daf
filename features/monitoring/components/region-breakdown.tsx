'use client';

import { useState } from 'react';
import { StatusBar } from '@/components/charts/status-bar';
import { regionRows } from '@/lib/domain/progress';
import { formatCount } from '@/lib/domain/format';
import type { StatusCounts } from '@/lib/domain/status';
import type { HeldRegion } from '@/lib/domain/coverage';
import styles from './region-breakdown.module.css';

interface Props {
  byRegion: readonly { regionId: string; counts: StatusCounts }[];
  selected: readonly string[];
  onSelect: (regionId: string) => void;
  /** Regions with no rows because their pre-push failed (blocked) or runs (waiting); listed first. */
  held?: readonly HeldRegion[] | undefined;
  /** Where "Retry pre-push" leads for a blocked region. */
  retryHref?: ((regionId: string) => string) | undefined;
}

const FIRST = 10;

/**
 * Status by region as stacked bars, worst first. Each bar is a button (not an SVG
 * shape) so filtering the table by a region works from the keyboard and reads well
 * to a screen reader.
 */
export function RegionBreakdown({ byRegion, selected, onSelect, held = [], retryHref }: Props) {
  const [showAll, setShowAll] = useState(false);
  const rows = regionRows(byRegion);
  // A region with rows is drawn from its rows; one that has none is drawn from the pre-push.
  const withRows = new Set(rows.map((r) => r.regionId));
  const heldOnly = held.filter((h) => !withRows.has(h.regionId));
  if (rows.length === 0 && heldOnly.length === 0) return <p className="muted">No instances in any region yet.</p>;
  const visible = showAll ? rows : rows.slice(0, Math.max(0, FIRST - heldOnly.length));
  return (
    <div>
      <ul className={styles.list}>
        {heldOnly.map((h) => (
          <li key={h.regionId} className={styles.heldRow} data-testid={`region-held-${h.regionId}`}>
            <span className={styles.region}>{h.regionId}</span>
            <span
              className={`${styles.heldBar} ${h.state === 'blocked' ? styles.blockedBar : styles.waitingBar}`}
              aria-hidden="true"
            />
            <span className={`${styles.failed} ${h.state === 'blocked' ? styles.hasFailed : ''}`}>
              {formatCount(h.instances)} {h.state}
            </span>
            <span className={styles.heldWhy}>
              {h.state === 'blocked'
                ? `Pre-push failed${h.reason ? `: ${h.reason}` : ''}. No instance here has the version.`
                : 'Pre-push still running: instances wait for it.'}{' '}
              {h.state === 'blocked' && retryHref ? <a href={retryHref(h.regionId)}>Retry pre-push</a> : null}
            </span>
          </li>
        ))}
        {visible.map((r) => {
          const isSelected = selected.includes(r.regionId);
          return (
            <li key={r.regionId}>
              <button
                type="button"
                className={`${styles.row} ${isSelected ? styles.selected : ''}`}
                aria-pressed={isSelected}
                aria-label={`${r.regionId}: ${formatCount(r.counts.FAILED)} failed of ${formatCount(r.total)}. ${isSelected ? 'Remove region filter' : 'Show only this region in the table'}`}
                title={`${r.regionId} · ${formatCount(r.total)} instances`}
                onClick={() => onSelect(r.regionId)}
              >
                <span className={styles.region}>{r.regionId}</span>
                <StatusBar counts={r.counts} legend={false} />
                <span className={`${styles.failed} ${r.counts.FAILED > 0 ? styles.hasFailed : ''}`}>
                  {formatCount(r.counts.FAILED)} failed
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {rows.length + heldOnly.length > FIRST ? (
        <button type="button" className={`btn btn-sm ${styles.more}`} onClick={() => setShowAll(!showAll)}>
          {showAll ? `Show the ${FIRST} worst regions` : `Show all ${rows.length + heldOnly.length} regions`}
        </button>
      ) : null}
    </div>
  );
}
