'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { LiveStatus } from '@/components/distribution/live-status';
import { useSearchParamsWriter } from '@/components/distribution/use-search-params-writer';
import { EmptyState } from '@/components/ui/empty-state';
import { WidgetBoundary } from '@/components/ui/widget-boundary';
import type { PushListResponse } from '@/lib/push-history/api-models';
import { hasFilters, historyFiltersToParams, NO_FILTERS, parseHistoryFilters, type HistoryFilters } from '@/lib/push-history/filters';
import { usePushHistory } from '@/lib/queries/push-history';
import { HistoryFiltersForm } from './history-filters';
import { PushTable } from './push-table';
import { IfCan } from '@/features/auth/viewer-context';

interface Props {
  appId: string;
  initial: { filters: HistoryFilters; page: PushListResponse };
}

/** Filters, the live log and "Load older"; the filters live in the URL so a reload or a shared link keeps them. */
export function HistoryView({ appId, initial }: Props) {
  const searchParams = useSearchParams();
  const writeParams = useSearchParamsWriter();
  const filters = useMemo(() => parseHistoryFilters(Object.fromEntries(searchParams)), [searchParams]);
  const { data, error, isFetching, isPending, dataUpdatedAt, hasNextPage, fetchNextPage, isFetchingNextPage } = usePushHistory(appId, filters, initial);
  const pushes = useMemo(() => data?.pages.flatMap((p) => p.pushes) ?? [], [data]);
  const apply = useCallback((next: HistoryFilters) => writeParams(historyFiltersToParams(next), 'push'), [writeParams]);
  const pushHref = `/apps/${encodeURIComponent(appId)}/push`;

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
          <p className="card-pad muted" role="status">Loading the history…</p>
        ) : pushes.length === 0 ? (
          hasFilters(filters) ? (
            <EmptyState
              title="No push matches these filters"
              actions={<button type="button" className="btn" onClick={() => apply(NO_FILTERS)}>Clear filters</button>}
            >
              Name, version and actor must match exactly. Clear the filters to see every push.
            </EmptyState>
          ) : (
            <EmptyState title="Nothing has been pushed to this application yet" actions={<IfCan role="operator"><Link className="btn btn-primary" href={pushHref}>Push a data file</Link></IfCan>}>
              Every push from this dashboard is recorded here: who sent it, where to, and what ENS answered.
            </EmptyState>
          )
        ) : (
          <WidgetBoundary title="The push history">
            <PushTable appId={appId} pushes={pushes} />
          </WidgetBoundary>
        )}
      </section>
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
