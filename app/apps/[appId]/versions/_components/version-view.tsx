'use client';

import { useSearchParams } from 'next/navigation';
import { memo, useCallback, useEffect, useMemo, useRef } from 'react';
import { DataBanner } from '@/components/distribution/data-banner';
import { IncompleteBanner } from '@/components/distribution/incomplete-banner';
import { KpiGrid } from '@/components/distribution/kpi-grid';
import { LiveStatus } from '@/components/distribution/live-status';
import { useObservedSamples } from '@/components/distribution/use-observed-samples';
import { useSearchParamsWriter } from '@/components/distribution/use-search-params-writer';
import { WidgetBoundary } from '@/components/ui/widget-boundary';
import type { DetailResponse, InstancesResponse } from '@/lib/distribution/api-models';
import { mergeSamples, settleRatePerMinute } from '@/lib/distribution/chart-transforms';
import type { InstanceQuery } from '@/lib/distribution/instance-query';
import { instanceQueryToParams, parseInstanceQuery, withFilters } from '@/lib/distribution/url-state';
import { useDetail, useHistory } from '@/lib/queries/distribution';
import { InstanceSection } from './instance-section';
import { VersionPanels } from './version-panels';

interface Props {
  appId: string;
  initialDetail: DetailResponse;
  initialInstances: { query: InstanceQuery; data: InstancesResponse };
}

const MemoKpiGrid = memo(KpiGrid);

/** The live version page: every filter is read from and written to the URL. */
export function VersionView({ appId, initialDetail, initialInstances }: Props) {
  const searchParams = useSearchParams();
  const writeParams = useSearchParamsWriter();
  const query = useMemo(() => parseInstanceQuery(Object.fromEntries(searchParams)) ?? initialInstances.query, [searchParams, initialInstances.query]);
  const compare = searchParams.get('compare');
  const { name, version } = query;

  const detailQuery = useDetail(appId, name, version, initialDetail);
  const detail = detailQuery.data ?? initialDetail;
  const history = useHistory(appId, name, version);
  const observed = useObservedSamples(detail.fetchedAt, detail.counts, `${name}\u0000${version}`);
  const samples = useMemo(() => mergeSamples(history.data ?? [], observed), [history.data, observed]);

  const setQuery = useCallback(
    (next: InstanceQuery, mode: 'push' | 'replace' = 'push', nextCompare: string | null = compare) => {
      const params = instanceQueryToParams(next);
      if (nextCompare) params.set('compare', nextCompare);
      writeParams(params, mode);
    },
    [compare, writeParams],
  );

  // The charts' callbacks read the latest filters through a ref, so they keep their
  // identity and a filter change does not re-render the charts.
  const latest = useRef({ query, setQuery });
  useEffect(() => {
    latest.current = { query, setQuery };
  });
  const onRegion = useCallback((regionId: string) => {
    const { query: q, setQuery: set } = latest.current;
    set(withFilters(q, { region: q.region.length === 1 && q.region[0] === regionId ? [] : [regionId] }));
  }, []);
  const onReason = useCallback((reason: string) => {
    const { query: q, setQuery: set } = latest.current;
    set(withFilters(q, q.q === reason ? { q: '', status: [] } : { q: reason, status: ['FAILED'] }));
  }, []);
  const onCompare = useCallback((v: string | null) => latest.current.setQuery(latest.current.query, 'push', v), []);
  const regionKey = query.region.join(',');
  const selectedRegions = useMemo(() => (regionKey === '' ? [] : regionKey.split(',')), [regionKey]);
  const rate = settleRatePerMinute(samples);

  return (
    <div className="stack">
      <LiveStatus fetchedAt={detail.fetchedAt} fetching={detailQuery.isFetching} stale={detail.stale} />
      <DataBanner stale={detail.stale} upstreamError={detail.error} refreshError={detailQuery.error} fetchedAt={detail.fetchedAt} />
      <IncompleteBanner complete={detail.complete} reason={detail.incompleteReason} />
      <MemoKpiGrid total={detail.total} counts={detail.counts} ratePerMinute={rate} />
      <WidgetBoundary title="Charts">
        <VersionPanels
          appId={appId}
          detail={detail}
          samples={samples}
          historyMissing={!history.data || history.data.length === 0}
          selectedRegions={selectedRegions}
          activeQ={query.q}
          onRegion={onRegion}
          onReason={onReason}
          compare={compare}
          onCompare={onCompare}
        />
      </WidgetBoundary>
      <WidgetBoundary title="Instance table">
        <InstanceSection appId={appId} query={query} detail={detail} initial={initialInstances} setQuery={setQuery} />
      </WidgetBoundary>
    </div>
  );
}
