'use client';

import { useId, useState } from 'react';
import { GROUPINGS, groupRegions, type Grouping } from '@/features/push/model/region-groups';
import type { RegionModel as AppRegion } from '@/lib/contracts/regions';
import { RegionSearch, useRegionChecklist } from './region-checklist';
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
  const { query, setQuery, chosen, toggle } = useRegionChecklist(regions, selected, onChange);
  const [by, setBy] = useState<Grouping>('city');
  const groups = groupRegions(regions, by, query);

  const shown = groups.reduce((n, g) => n + g.regions.length, 0);
  return (
    <div className={styles.picker}>
      <div className={styles.toolbar}>
        <div className={styles.search}>
          <RegionSearch id={`${id}-q`} label={label} query={query} onQuery={setQuery} />
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
