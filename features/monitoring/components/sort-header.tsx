import type { ReactNode } from 'react';
import styles from './sort-header.module.css';

interface Props<K extends string> {
  column: K;
  sort: K;
  order: 'asc' | 'desc';
  onSort: (column: K) => void;
  className?: string | undefined;
  children: ReactNode;
}

/** A column header that sorts by its column; aria-sort tells screen readers the current order. */
export function SortHeader<K extends string>({ column, sort, order, onSort, className, children }: Props<K>) {
  const active = column === sort;
  return (
    <th scope="col" className={className} aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className={styles.button} onClick={() => onSort(column)}>
        {children}
        <span aria-hidden="true" style={{ opacity: active ? 1 : 0.35, marginLeft: 4 }}>
          {active ? (order === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}
