'use client';

import Link from 'next/link';
import { useCallback, useMemo } from 'react';
import { LiveStatus } from '@/features/monitoring/components/live-status';
import { useUrlState } from '@/lib/client/use-url-state';
import { EmptyState } from '@/components/ui/empty-state';
import { WidgetBoundary } from '@/components/ui/widget-boundary';
import { hasFilters, historyUrlState, NO_FILTERS, type HistoryFilters } from '@/lib/contracts/history-filters';
import { usePushHistory } from '@/features/history/api/get-pushes';
import { paths } from '@/lib/paths';
import { HistoryFiltersForm } from './history-filters';
import { PushTable } from './push-table';
import { OutsidePushes } from './outside-pushes';
import { IfCan } from '@/features/auth/viewer-context';

interface Props {
  appId: string;
}

/** Filters, the live log and "Load older"; the filters live in the URL so a reload or a shared link keeps them. */
export function HistoryView({ appId }: Props) {
  const { value: filters, write } = useUrlState(historyUrlState, NO_FILTERS);
  const { data, error, isFetching, isPending, dataUpdatedAt, hasNextPage, fetchNextPage, isFetchingNextPage } =
    usePushHistory(appId, filters);
  const pushes = useMemo(() => data?.pages.flatMap((p) => p.pushes) ?? [], [data]);
  const apply = useCallback((next: HistoryFilters) => write(next, 'push'), [write]);
  const pushHref = paths.push(appId);

  return (
    <div className="stack">
      <div className="row" style={{ justifyContent: 'flex-end' }}>
        <LiveStatus fetchedAt={dataUpdatedAt} fetching={isFetching} stale={false} />
      </div>
      {error ? (
        <div className="banner banner-error" role="alert">
          The history could not be refreshed: {error.message} What is shown may be out of date.
        </div>
      ) : null}
      <section className="card" aria-label="Pushes">
        <HistoryFiltersForm filters={filters} onApply={apply} />
        {isPending ? (
          <p className="card-pad muted" role="status">
            Loading the history…
          </p>
        ) : pushes.length === 0 ? (
          hasFilters(filters) ? (
            <EmptyState
              title="No push matches these filters"
              actions={
                <button type="button" className="btn" onClick={() => apply(NO_FILTERS)}>
                  Clear filters
                </button>
              }
            >
              Name, version and actor must match exactly. Clear the filters to see every push.
            </EmptyState>
          ) : (
            <EmptyState
              title="Nothing has been pushed to this application yet"
              actions={
                <IfCan role="operator">
                  <Link className="btn btn-primary" href={pushHref}>
                    Push a data file
                  </Link>
                </IfCan>
              }
            >
              Every push from this dashboard is recorded here: who sent it, where to, and what ENS answered.
            </EmptyState>
          )
        ) : (
          <WidgetBoundary title="The push history">
            <PushTable appId={appId} pushes={pushes} />
          </WidgetBoundary>
        )}
      </section>
      <OutsidePushes appId={appId} filters={filters} />
      {hasNextPage ? (
        <div className="row" style={{ justifyContent: 'center' }}>
          <button type="button" className="btn" disabled={isFetchingNextPage} onClick={() => void fetchNextPage()}>
            {isFetchingNextPage ? 'Loading…' : 'Load older pushes'}
          </button>
        </div>
      ) : null}
    </div>
  );
}
