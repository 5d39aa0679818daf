'use client';

import { useMemo } from 'react';
import { InstanceFilters } from '@/features/monitoring/components/instance-filters';
import { InstanceTable } from '@/features/monitoring/components/instance-table';
import { Pagination } from '@/features/monitoring/components/pagination';
import { EmptyState } from '@/components/ui/empty-state';
import type { DetailResponse } from '@/lib/contracts/monitoring';
import type { InstanceQuery } from '@/lib/contracts/instance-params';
import { withFilters } from '@/lib/contracts/url-state';
import { instancesCsvUrl, useInstances, usePrefetchedToggles } from '@/features/monitoring/api/get-instances';
import styles from './version-view.module.css';
import type { NextState } from '@/lib/client/use-url-state';

interface Props {
  appId: string;
  query: InstanceQuery;
  detail: DetailResponse;
  setQuery: (next: NextState<InstanceQuery>, mode?: 'push' | 'replace') => void;
}

/** Filters, one server-side page of instances, paging and the CSV export of the same filter. */
export function InstanceSection({ appId, query, detail, setQuery }: Props) {
  const result = useInstances(appId, query);
  const data = result.data;
  usePrefetchedToggles(appId, query, data && !result.isPlaceholderData ? result.dataUpdatedAt : undefined);
  const regions = detail.byRegion.map((r) => r.regionId).sort();
  const filtered = query.status.length > 0 || query.region.length > 0 || query.q !== '';
  const facets = data?.facets;
  const regionCounts = useMemo(
    () => (facets ? new Map(facets.regions.map((r) => [r.regionId, r.count])) : undefined),
    [facets],
  );
  const stragglerIds = detail.stragglers?.instanceIds;
  const stragglers = useMemo(() => (stragglerIds ? new Set(stragglerIds) : undefined), [stragglerIds]);
  return (
    <section className="card" id="instances" aria-labelledby="instances-h" tabIndex={-1}>
      <div className={styles.tableHead}>
        <h2 id="instances-h">Instances</h2>
        <a className="btn btn-sm" href={instancesCsvUrl(appId, query)} download>
          Export CSV{filtered ? ' (filtered)' : ''}
        </a>
      </div>
      <InstanceFilters
        query={query}
        counts={facets?.status ?? detail.counts}
        regions={regions}
        regionCounts={regionCounts}
        onChange={setQuery}
      />
      {result.error && !data ? (
        <p className="banner banner-error" style={{ margin: 16 }}>
          Could not load instances: {result.error.message}
        </p>
      ) : null}
      {data && data.total === 0 ? (
        filtered ? (
          <EmptyState
            title="No instance matches these filters"
            actions={
              <button
                type="button"
                className="btn"
                onClick={() => setQuery((current) => withFilters(current, { status: [], region: [], q: '' }))}
              >
                Clear filters
              </button>
            }
          >
            Widen the status or region selection, or search for part of an instance id.
          </EmptyState>
        ) : (
          <EmptyState title="No instance has this version yet">
            Distribution has not reached any instance. Check the pre-push phase above; instances appear here as soon as
            they start receiving the file.
          </EmptyState>
        )
      ) : data ? (
        <>
          <InstanceTable
            rows={data.rows}
            sort={query.sort}
            order={query.order}
            fetchedAt={data.fetchedAt ?? detail.fetchedAt}
            dim={result.isPlaceholderData}
            clockOffsetMs={data.ensOffsetMs}
            stragglers={stragglers}
            onSort={(sort, order) => setQuery((current) => ({ ...current, sort, order, page: 1 }))}
          />
          <Pagination
            page={query.page}
            pageSize={query.pageSize}
            total={data.total}
            onPage={(page) => setQuery((current) => ({ ...current, page }))}
            onPageSize={(pageSize) => setQuery((current) => ({ ...current, pageSize, page: 1 }))}
          />
        </>
      ) : (
        <p className="muted" style={{ padding: 16 }}>
          Loading instances…
        </p>
      )}
    </section>
  );
}
