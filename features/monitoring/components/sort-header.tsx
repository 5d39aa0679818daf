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
        {/* Only the column the table is sorted by shows an arrow: two arrows read as two sorts. */}
        {active ? (
          <span aria-hidden="true" data-sort-arrow="" style={{ marginLeft: 4 }}>
            {order === 'asc' ? '▲' : '▼'}
          </span>
        ) : null}
      </button>
    </th>
  );
}
