'use client';

import Link from 'next/link';
import { useCallback, useMemo, useState } from 'react';
import { DataBanner } from '@/features/monitoring/components/data-banner';
import { IncompleteBanner } from '@/features/monitoring/components/incomplete-banner';
import { LiveStatus } from '@/features/monitoring/components/live-status';
import { OverviewFilters } from '@/features/monitoring/components/overview-filters';
import { useUrlState } from '@/lib/client/use-url-state';
import { VersionTable } from '@/features/monitoring/components/version-table';
import { EmptyState } from '@/components/ui/empty-state';
import {
  applyOverviewQuery,
  defaultOrder,
  overviewUrlState,
  parseOverviewQuery,
  type OverviewQuery,
  type OverviewSortKey,
} from '@/lib/contracts/overview-params';
import { useOverview } from '@/features/monitoring/api/get-overview';
import { paths } from '@/lib/paths';
import { OverviewSummary } from './overview-summary';
import { IfCan } from '@/features/auth/viewer-context';

// Beyond this many rows the table asks before drawing more (each row polls its own trend).
const ROW_LIMIT = 50;
const NO_QUERY = parseOverviewQuery({});

/** The overview's live part; its first data comes from the server page's hydrated cache. */
export function OverviewLive({ appId }: { appId: string }) {
  const { value: query, write } = useUrlState(overviewUrlState, NO_QUERY);
  const { data, error, isFetching } = useOverview(appId);
  const [showAll, setShowAll] = useState(false);
  const items = data?.items;
  const rows = useMemo(() => applyOverviewQuery(items ?? [], query), [items, query]);

  const update = useCallback(
    (change: Partial<OverviewQuery>, mode: 'push' | 'replace') => write((current) => ({ ...current, ...change }), mode),
    [write],
  );
  const onSort = (sort: OverviewSortKey) =>
    update(
      { sort, order: sort === query.sort ? (query.order === 'asc' ? 'desc' : 'asc') : defaultOrder(sort) },
      'push',
    );

  if (!data) return <p className="muted">Loading…</p>;
  return (
    <div className="stack">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <OverviewSummary items={data.items} />
        <LiveStatus fetchedAt={data.fetchedAt} fetching={isFetching} stale={data.stale} />
      </div>
      <DataBanner stale={data.stale} upstreamError={data.error} refreshError={error} fetchedAt={data.fetchedAt} />
      <IncompleteBanner complete={data.complete} reason={data.incompleteReason} />
      <section className="card" aria-label="Versions">
        {data.items.length === 0 ? (
          <EmptyState
            title="No data file has been distributed to this application yet"
            actions={
              <IfCan role="operator">
                <Link className="btn btn-primary" href={paths.push(appId)}>
                  Push a data file
                </Link>
              </IfCan>
            }
          >
            Push a data file and distribute it; its rollout shows up here within a few seconds.
          </EmptyState>
        ) : (
          <>
            <OverviewFilters query={query} shown={rows.length} total={data.items.length} onChange={update} />
            {rows.length === 0 ? (
              <EmptyState
                title="No version matches these filters"
                actions={
                  <button type="button" className="btn" onClick={() => write(NO_QUERY, 'push')}>
                    Clear filters
                  </button>
                }
              >
                Try a shorter name, or turn off “Has failures” and “In flight”.
              </EmptyState>
            ) : (
              <VersionTable
                appId={appId}
                rows={showAll ? rows : rows.slice(0, ROW_LIMIT)}
                sort={query.sort}
                order={query.order}
                onSort={onSort}
              />
            )}
            {!showAll && rows.length > ROW_LIMIT ? (
              <div className="card-pad">
                <button type="button" className="btn" onClick={() => setShowAll(true)}>
                  Show all {rows.length} versions
                </button>
              </div>
            ) : null}
          </>
        )}
      </section>
    </div>
  );
}
