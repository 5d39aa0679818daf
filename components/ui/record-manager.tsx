'use client';

import { useState, type ReactNode } from 'react';
import { ApiError } from '@/lib/client/api-error';

/*
 * The shape the settings lists share (API tokens, notification channels): a create
 * form, the API's refusal in a banner, and a table of records with their actions.
 */

export interface RecordList<T> {
  items: T[];
  error: string | null;
  /** True while a tracked action (the create form's) runs. */
  busy: boolean;
  /** Fetches the list again. */
  reload(): Promise<void>;
  /**
   * Runs an action: clears the banner first, then shows the API's message (or `failure`)
   * if it fails. `track` disables the create button meanwhile.
   */
  act(action: () => Promise<void>, failure: string, track?: boolean): Promise<void>;
}

export function useRecordList<T>(initial: T[], load: () => Promise<T[]>): RecordList<T> {
  const [items, setItems] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return {
    items,
    error,
    busy,
    reload: async () => setItems(await load()),
    async act(action, failure, track = false) {
      if (track) setBusy(true);
      setError(null);
      try {
        await action();
      } catch (err) {
        setError(err instanceof ApiError ? err.message : failure);
      } finally {
        if (track) setBusy(false);
      }
    },
  };
}

interface Props {
  /** The create form. */
  form: ReactNode;
  error: string | null;
  /** Shown under the banner (e.g. a new token's value, once). */
  notice?: ReactNode;
  /** The table's accessible name. */
  label: string;
  /** Column headings; an "Actions" column is added last. */
  columns: readonly string[];
  empty: boolean;
  emptyText: string;
  /** The rows (`<tr>`s), when not empty. */
  children: ReactNode;
}

export function RecordManager({ form, error, notice, label, columns, empty, emptyText, children }: Props) {
  return (
    <div className="stack">
      {form}

      {error ? (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      ) : null}

      {notice}

      {/* A wide table scrolls on its own rather than widen a phone's page. */}
      <section className="card" aria-label={label} style={{ overflowX: 'auto' }}>
        <table className="data">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c}>{c}</th>
              ))}
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {empty ? (
              <tr>
                <td colSpan={columns.length + 1}>{emptyText}</td>
              </tr>
            ) : (
              children
            )}
          </tbody>
        </table>
      </section>
    </div>
  );
}
