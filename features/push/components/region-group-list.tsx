'use client';

import { useEffect, useRef } from 'react';
import type { RegionGroup } from '@/features/push/model/region-groups';
import type { RegionModel as AppRegion } from '@/lib/contracts/regions';
import styles from './region-picker.module.css';

interface Props {
  groups: RegionGroup<AppRegion>[];
  chosen: Set<string>;
  onToggle: (ids: string[], on: boolean) => void;
  label: string;
}

export function RegionGroupList({ groups, chosen, onToggle, label }: Props) {
  if (groups.length === 0) return <p className={styles.empty}>No region matches the search.</p>;
  return (
    <div className={styles.groups}>
      {groups.map((group) => {
        const ids = group.regions.map((r) => r.regionId);
        const count = ids.filter((r) => chosen.has(r)).length;
        return (
          <fieldset key={group.key} className={styles.group}>
            <legend className="sr-only">
              {group.label}, {label}
            </legend>
            <GroupCheckbox
              label={group.label}
              detail={`${group.regions.length} region${group.regions.length === 1 ? '' : 's'} · ${group.instances.toLocaleString('en')} instances`}
              state={count === 0 ? 'none' : count === ids.length ? 'all' : 'some'}
              onChange={(on) => onToggle(ids, on)}
            />
            <ul className={styles.regions}>
              {group.regions.map((region) => (
                <li key={region.regionId}>
                  <label className={styles.region}>
                    <input
                      type="checkbox"
                      checked={chosen.has(region.regionId)}
                      onChange={(e) => onToggle([region.regionId], e.target.checked)}
                    />
                    <span className={`mono ${styles.regionId}`}>{region.regionId}</span>{' '}
                    <span className={styles.instances}>
                      {region.instanceCount.toLocaleString('en')}
                      <span className="sr-only"> instances</span>
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        );
      })}
    </div>
  );
}

/** "Select all in <group>", showing the mixed state when only some are selected. */
function GroupCheckbox({
  label,
  detail,
  state,
  onChange,
}: {
  label: string;
  detail: string;
  state: 'none' | 'some' | 'all';
  onChange: (on: boolean) => void;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = state === 'some';
  }, [state]);
  return (
    <label className={styles.groupHead}>
      <input
        ref={ref}
        type="checkbox"
        checked={state === 'all'}
        onChange={() => onChange(state !== 'all')}
        aria-label={`Select all in ${label}`}
      />
      <span className={styles.groupLabel}>{label}</span>
      <span className={styles.groupDetail}>{detail}</span>
    </label>
  );
}
