'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useSyncExternalStore } from 'react';
import type { InstanceRow } from '@/lib/contracts/monitoring';
import { formatDuration, formatTimestamp, timeInState } from '@/lib/domain/format';
import { INSTANCE_COLUMNS, type InstanceSortKey } from '@/lib/domain/instance-columns';
import { useNow } from '@/lib/client/use-now';
import { SortHeader } from './sort-header';
import { StatusBadge } from './status-badge';
import styles from './instance-table.module.css';

type Column = InstanceSortKey | 'timeInState';

interface Props {
  rows: readonly InstanceRow[];
  sort: InstanceSortKey;
  order: 'asc' | 'desc';
  onSort: (sort: InstanceSortKey, order: 'asc' | 'desc') => void;
  /** Reference time for "time in state" until the browser clock ticks (keeps hydration identical). */
  fetchedAt: number;
  /** A newer page is on its way; the rows on screen are the previous filter's. */
  dim: boolean;
  /** ENS's clock minus this one: "in state" is measured on ENS's clock, as the rows' times are. */
  clockOffsetMs?: number;
  /** Instances flagged as stragglers (in their state far longer than their region's median). */
  stragglers?: ReadonlySet<string> | undefined;
}

// At phone widths the table becomes one card per instance (id, region, status, reason, time).
const NARROW = '(max-width: 640px)';
function subscribeNarrow(listener: () => void): () => void {
  const query = window.matchMedia(NARROW);
  query.addEventListener('change', listener);
  return () => query.removeEventListener('change', listener);
}
function useNarrow(): boolean {
  return useSyncExternalStore(
    subscribeNarrow,
    () => window.matchMedia(NARROW).matches,
    () => false,
  );
}

const ROW_HEIGHT = 38;
const COLUMN_CLASS: Record<InstanceSortKey, string> = {
  instanceId: 'id',
  regionId: 'region',
  status: 'status',
  statusDescrip: 'descrip',
  startTime: 'time',
  updateTime: 'time',
};

/**
 * One page of instances (up to 1,000 rows) with only the visible rows in the DOM,
 * so scrolling stays smooth. "Time in state" sorts by update time, reversed.
 */
export function InstanceTable(props: Props) {
  const narrow = useNarrow();
  return narrow ? <InstanceCards {...props} /> : <WideTable {...props} />;
}

function WideTable({ rows, sort, order, onSort, fetchedAt, dim, clockOffsetMs = 0, stragglers }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const now = (useNow() ?? fetchedAt) + clockOffsetMs;
  // eslint-disable-next-line react-hooks/incompatible-library -- nothing here memoizes the virtualizer's output
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    // Lets the server render the first screenful instead of an empty body.
    initialRect: { width: 1200, height: 640 },
  });
  const items = virtualizer.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);

  const header = (column: Column, label: string, className: string | undefined) => {
    const isTime = column === 'timeInState';
    const shownOrder = isTime ? (order === 'asc' ? 'desc' : 'asc') : order;
    const onClick = () => {
      const key: InstanceSortKey = isTime ? 'updateTime' : (column as InstanceSortKey);
      const next = key === sort ? (order === 'asc' ? 'desc' : 'asc') : 'asc';
      onSort(key, next);
    };
    return (
      <SortHeader
        column={column}
        // "In state" sorts by the update time: the arrow shows on Updated alone, never on both.
        sort={isTime ? 'updateTime' : sort}
        order={shownOrder}
        onSort={onClick}
        className={className}
      >
        {label}
      </SortHeader>
    );
  };

  return (
    <div ref={scroller} className={styles.scroller} tabIndex={0} role="region" aria-label="Instances of this version">
      <table className={`data ${styles.table} ${dim ? styles.dim : ''}`} aria-rowcount={rows.length + 1}>
        <thead>
          <tr>
            {INSTANCE_COLUMNS.map((c) => header(c.key, c.label, styles[COLUMN_CLASS[c.key]]))}
            {header('timeInState', 'In state', styles.inState)}
          </tr>
        </thead>
        <tbody>
          {top > 0 ? (
            <tr className={styles.spacer} aria-hidden="true">
              <td colSpan={7} style={{ height: top }} />
            </tr>
          ) : null}
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            const inState = timeInState(row.updateTime, now);
            return (
              <tr key={row.instanceId} aria-rowindex={item.index + 2} style={{ height: ROW_HEIGHT }}>
                <td className="mono truncate" title={row.instanceId}>
                  {row.instanceId}
                </td>
                <td className="mono truncate" title={row.regionId}>
                  {row.regionId || '—'}
                </td>
                <td>
                  <StatusBadge status={row.status} />
                  {stragglers?.has(row.instanceId) ? <StragglerTag /> : null}
                </td>
                <td className="truncate" title={row.statusDescrip}>
                  {row.statusDescrip || '—'}
                </td>
                <td className="mono">{formatTimestamp(row.startTime)}</td>
                <td className="mono">{formatTimestamp(row.updateTime)}</td>
                <td className="num">{inState === null ? '—' : formatDuration(inState)}</td>
              </tr>
            );
          })}
          {bottom > 0 ? (
            <tr className={styles.spacer} aria-hidden="true">
              <td colSpan={7} style={{ height: bottom }} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

function StragglerTag() {
  return (
    <span className={styles.straggler} title="In this state far longer than its region's median" data-straggler="">
      straggler
    </span>
  );
}

const SORT_LABELS: Record<InstanceSortKey, string> = {
  instanceId: 'Instance',
  regionId: 'Region',
  status: 'Status',
  statusDescrip: 'Description',
  startTime: 'Started',
  updateTime: 'Updated',
};

/** The same page as cards: nothing to scroll sideways in a 364 px column. */
function InstanceCards({ rows, sort, order, onSort, fetchedAt, dim, clockOffsetMs = 0, stragglers }: Props) {
  const now = (useNow() ?? fetchedAt) + clockOffsetMs;
  return (
    <div className={styles.cardsWrap}>
      <div className={styles.cardSort}>
        <label>
          Sort by{' '}
          <select
            className="input"
            value={`${sort}:${order}`}
            onChange={(e) => {
              const [key, dir] = e.target.value.split(':') as [InstanceSortKey, 'asc' | 'desc'];
              onSort(key, dir);
            }}
          >
            {INSTANCE_COLUMNS.flatMap((c) => [
              <option key={`${c.key}:asc`} value={`${c.key}:asc`}>
                {SORT_LABELS[c.key]} ▲
              </option>,
              <option key={`${c.key}:desc`} value={`${c.key}:desc`}>
                {SORT_LABELS[c.key]} ▼
              </option>,
            ])}
          </select>
        </label>
      </div>
      <ul className={`${styles.cards} ${dim ? styles.dim : ''}`} aria-label="Instances of this version">
        {rows.map((row) => {
          const inState = timeInState(row.updateTime, now);
          return (
            <li key={row.instanceId} className={styles.card} data-testid="instance-card">
              <div className={styles.cardTop}>
                <span className="mono truncate" title={row.instanceId}>
                  {row.instanceId}
                </span>
                <span>
                  <StatusBadge status={row.status} />
                  {stragglers?.has(row.instanceId) ? <StragglerTag /> : null}
                </span>
              </div>
              <dl className={styles.cardFacts}>
                <div>
                  <dt>Region</dt>
                  <dd className="mono">{row.regionId || '—'}</dd>
                </div>
                <div>
                  <dt>Reason</dt>
                  <dd>{row.statusDescrip || '—'}</dd>
                </div>
                <div>
                  <dt>In state</dt>
                  <dd>
                    {inState === null ? '—' : formatDuration(inState)}{' '}
                    <span className="muted">since {formatTimestamp(row.updateTime)} UTC</span>
                  </dd>
                </div>
              </dl>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
