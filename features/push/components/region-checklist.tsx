'use client';

import { useState } from 'react';
import type { RegionModel } from '@/lib/contracts/regions';

/**
 * What a searchable region checklist keeps (the push form's regions, a rollout stage's):
 * the search text, and turning regions on or off in the selection.
 */
export function useRegionChecklist(
  regions: readonly RegionModel[],
  selected: readonly string[],
  onChange: (selected: string[]) => void,
) {
  const [query, setQuery] = useState('');
  const chosen = new Set(selected);
  function toggle(ids: readonly string[], on: boolean) {
    const next = new Set(chosen);
    for (const regionId of ids) {
      if (on) next.add(regionId);
      else next.delete(regionId);
    }
    // Keep the application's order so the JSON and the preview are stable.
    onChange(regions.map((r) => r.regionId).filter((r) => next.has(r)));
  }
  return { query, setQuery, chosen, toggle };
}

/** The checklist's search box; its label, for screen readers, names what the regions are for. */
export function RegionSearch({
  id,
  label,
  query,
  onQuery,
}: {
  id: string;
  label: string;
  query: string;
  onQuery: (query: string) => void;
}) {
  return (
    <>
      <label htmlFor={id} className="sr-only">
        Search regions for {label}
      </label>
      <input
        id={id}
        type="search"
        className="input"
        placeholder="Search city, carrier or id"
        value={query}
        onChange={(e) => onQuery(e.target.value)}
      />
    </>
  );
}
