'use client';

import { useState } from 'react';
import { StatusBar } from '@/components/charts/status-bar';
import { regionRows } from '@/lib/domain/progress';
import { formatCount } from '@/lib/domain/format';
import type { StatusCounts } from '@/lib/domain/status';
import styles from './region-breakdown.module.css';

interface Props {
  byRegion: readonly { regionId: string; counts: StatusCounts }[];
  selected: readonly string[];
  onSelect: (regionId: string) => void;
}

const FIRST = 10;

/**
 * Status by region as stacked bars, worst first. Each bar is a button (not an SVG
 * shape) so filtering the table by a region works from the keyboard and reads well
 * to a screen reader.
 */
export function RegionBreakdown({ byRegion, selected, onSelect }: Props) {
  const [showAll, setShowAll] = useState(false);
  const rows = regionRows(byRegion);
  if (rows.length === 0) return <p className="muted">No instances in any region yet.</p>;
  const visible = showAll ? rows : rows.slice(0, FIRST);
  return (
    <div>
      <ul className={styles.list}>
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
      {rows.length > FIRST ? (
        <button type="button" className={`btn btn-sm ${styles.more}`} onClick={() => setShowAll(!showAll)}>
          {showAll ? `Show the ${FIRST} worst regions` : `Show all ${rows.length} regions`}
        </button>
      ) : null}
    </div>
  );
}
