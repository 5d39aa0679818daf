'use client';

import { useId, useState, type FormEvent } from 'react';
import { hasFilters, NO_FILTERS, type HistoryFilters } from '@/lib/contracts/history-filters';
import styles from './history.module.css';

interface Props {
  filters: HistoryFilters;
  onApply: (filters: HistoryFilters) => void;
}

const FIELDS: { key: keyof HistoryFilters; label: string; placeholder: string }[] = [
  { key: 'name', label: 'File name', placeholder: 'e.g. client.pak' },
  { key: 'version', label: 'Version', placeholder: 'e.g. 1.4.2' },
  { key: 'actor', label: 'Pushed by', placeholder: 'e.g. ana@example.com' },
];

/** Exact-match filters applied on submit: each is a database lookup, not worth one per keystroke. */
export function HistoryFiltersForm({ filters, onApply }: Props) {
  const id = useId();
  const [draft, setDraft] = useState(filters);
  const [synced, setSynced] = useState(filters);
  // Back/Forward or "Clear filters" change the URL under us: show what it now holds.
  if (synced !== filters) {
    setSynced(filters);
    setDraft(filters);
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ name: draft.name.trim(), version: draft.version.trim(), actor: draft.actor.trim() });
  };

  return (
    // method="get" with named fields: a submit before the page has hydrated still filters.
    <form className={styles.filters} role="search" aria-label="Filter pushes" method="get" onSubmit={submit}>
      {FIELDS.map((f) => (
        <div className={`field ${styles.filterField}`} key={f.key}>
          <label htmlFor={`${id}-${f.key}`}>{f.label}</label>
          <input
            id={`${id}-${f.key}`}
            name={f.key}
            className="input"
            type="search"
            value={draft[f.key]}
            placeholder={f.placeholder}
            onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
          />
        </div>
      ))}
      <div className={styles.filterActions}>
        <button type="submit" className="btn btn-primary">
          Apply filters
        </button>
        {hasFilters(filters) ? (
          <button type="button" className="btn" onClick={() => onApply(NO_FILTERS)}>
            Clear
          </button>
        ) : null}
      </div>
    </form>
  );
}
