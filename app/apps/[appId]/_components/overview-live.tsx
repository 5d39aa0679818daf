'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useState } from 'react';
import { DataBanner } from '@/components/distribution/data-banner';
import { LiveStatus } from '@/components/distribution/live-status';
import { OverviewFilters } from '@/components/distribution/overview-filters';
import { useSearchParamsWriter } from '@/components/distribution/use-search-params-writer';
import { VersionTable } from '@/components/distribution/version-table';
import { EmptyState } from '@/components/ui/empty-state';
import type { DistributionResponse } from '@/lib/distribution/api-models';
import { applyOverviewQuery, defaultOrder, overviewQueryToParams, parseOverviewQuery, type OverviewQuery, type OverviewSortKey } from '@/lib/distribution/overview-query';
import { useDistribution } from '@/lib/queries/distribution';
import { OverviewSummary } from './overview-summary';
import { IfCan } from '@/features/auth/viewer-context';

// Beyond this many rows the table asks before drawing more (each row polls its own trend).
const ROW_LIMIT = 50;

export function OverviewLive({ appId, initial }: { appId: string; initial: DistributionResponse }) {
  const searchParams = useSearchParams();
  const writeParams = useSearchParamsWriter();
  const query = useMemo(() => parseOverviewQuery(Object.fromEntries(searchParams)), [searchParams]);
  const { data = initial, error, isFetching } = useDistribution(appId, initial);
  const [showAll, setShowAll] = useState(false);
  const rows = useMemo(() => applyOverviewQuery(data.items, query), [data.items, query]);

  const update = useCallback(
    (change: Partial<OverviewQuery>, mode: 'push' | 'replace') => writeParams(overviewQueryToParams({ ...query, ...change }), mode),
    [query, writeParams],
  );
  const onSort = (sort: OverviewSortKey) =>
    update({ sort, order: sort === query.sort ? (query.order === 'asc' ? 'desc' : 'asc') : defaultOrder(sort) }, 'push');

  return (
    <div className="stack">
      <div className="row" style={{ justifyContent: 'space-between' }}>
        <OverviewSummary items={data.items} />
        <LiveStatus fetchedAt={data.fetchedAt} fetching={isFetching} stale={data.stale} />
      </div>
      <DataBanner stale={data.stale} upstreamError={data.error} refreshError={error} fetchedAt={data.fetchedAt} />
      <section className="card" aria-label="Versions">
        {data.items.length === 0 ? (
          <EmptyState
            title="No data file has been distributed to this application yet"
            actions={<IfCan role="operator"><Link className="btn btn-primary" href={`/apps/${encodeURIComponent(appId)}/push`}>Push a data file</Link></IfCan>}
          >
            Push a data file and distribute it; its rollout shows up here within a few seconds.
          </EmptyState>
        ) : (
          <>
            <OverviewFilters query={query} shown={rows.length} total={data.items.length} onChange={update} />
            {rows.length === 0 ? (
              <EmptyState
                title="No version matches these filters"
                actions={<button type="button" className="btn" onClick={() => writeParams(new URLSearchParams(), 'push')}>Clear filters</button>}
              >
                Try a shorter name, or turn off “Has failures” and “In flight”.
              </EmptyState>
            ) : (
              <VersionTable appId={appId} rows={showAll ? rows : rows.slice(0, ROW_LIMIT)} sort={query.sort} order={query.order} onSort={onSort} />
            )}
            {!showAll && rows.length > ROW_LIMIT ? (
              <div className="card-pad">
                <button type="button" className="btn" onClick={() => setShowAll(true)}>Show all {rows.length} versions</button>
              </div>
            ) : null}
          </>
        )}
      </section>
    </div>
  );
}
