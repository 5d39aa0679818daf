'use client';

import { useId, useState } from 'react';
import { GROUPINGS, groupRegions, type Grouping } from '@/features/push/model/region-groups';
import type { RegionModel as AppRegion } from '@/lib/contracts/regions';
import { RegionGroupList } from './region-group-list';
import styles from './region-picker.module.css';

interface RegionPickerProps {
  label: string;
  regions: AppRegion[];
  selected: string[];
  onChange: (selected: string[]) => void;
}

const GROUPING_LABELS: Record<Grouping, string> = { city: 'City', province: 'Province', carrier: 'Carrier' };

/** Searchable region checklist, grouped by city, province or carrier parsed from the ids. */
export function RegionPicker({ label, regions, selected, onChange }: RegionPickerProps) {
  const id = useId();
  const [query, setQuery] = useState('');
  const [by, setBy] = useState<Grouping>('city');
  const groups = groupRegions(regions, by, query);
  const chosen = new Set(selected);

  function toggle(ids: string[], on: boolean) {
    const next = new Set(chosen);
    for (const regionId of ids) {
      if (on) next.add(regionId);
      else next.delete(regionId);
    }
    // Keep the application's order so the JSON and the preview are stable.
    onChange(regions.map((r) => r.regionId).filter((r) => next.has(r)));
  }

  const shown = groups.reduce((n, g) => n + g.regions.length, 0);
  return (
    <div className={styles.picker}>
      <div className={styles.toolbar}>
        <div className={styles.search}>
          <label htmlFor={`${id}-q`} className="sr-only">
            Search regions for {label}
          </label>
          <input
            id={`${id}-q`}
            type="search"
            className="input"
            placeholder="Search city, carrier or id"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </div>
        <span className={styles.groupByWrap}>
          <label htmlFor={`${id}-by`} className={styles.groupBy}>
            Group by
          </label>
          <select id={`${id}-by`} className="input" value={by} onChange={(e) => setBy(e.target.value as Grouping)}>
            {GROUPINGS.map((g) => (
              <option key={g} value={g}>
                {GROUPING_LABELS[g]}
              </option>
            ))}
          </select>
        </span>
        <span className={styles.count} aria-live="polite">
          {selected.length} selected{query ? ` · ${shown} shown` : ''}
        </span>
        {selected.length > 0 ? (
          <button type="button" className="btn btn-sm" onClick={() => onChange([])}>
            Clear
          </button>
        ) : null}
      </div>
      <RegionGroupList groups={groups} chosen={chosen} onToggle={toggle} label={label} />
    </div>
  );
}
