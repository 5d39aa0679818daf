'use client';

import { useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { DataBanner } from '@/components/distribution/data-banner';
import { KpiGrid } from '@/components/distribution/kpi-grid';
import { LiveStatus } from '@/components/distribution/live-status';
import { useObservedSamples } from '@/components/distribution/use-observed-samples';
import { useSearchParamsWriter } from '@/components/distribution/use-search-params-writer';
import { WidgetBoundary } from '@/components/ui/widget-boundary';
import type { DetailResponse, InstancesResponse } from '@/lib/distribution/api-models';
import { mergeSamples, settleRatePerMinute } from '@/lib/distribution/chart-transforms';
import type { InstanceQuery } from '@/lib/distribution/instance-query';
import { instanceQueryToParams, parseInstanceQuery } from '@/lib/distribution/url-state';
import { useDetail, useHistory } from '@/lib/queries/distribution';
import { InstanceSection } from './instance-section';
import { VersionPanels } from './version-panels';

interface Props {
  appId: string;
  initialDetail: DetailResponse;
  initialInstances: { query: InstanceQuery; data: InstancesResponse };
}

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

  return (
    <div className="stack">
      <LiveStatus fetchedAt={detail.fetchedAt} fetching={detailQuery.isFetching} stale={detail.stale} />
      <DataBanner stale={detail.stale} upstreamError={detail.error} refreshError={detailQuery.error} fetchedAt={detail.fetchedAt} />
      <KpiGrid total={detail.total} counts={detail.counts} ratePerMinute={settleRatePerMinute(samples)} />
      <WidgetBoundary title="Charts">
        <VersionPanels
          appId={appId}
          detail={detail}
          samples={samples}
          historyMissing={!history.data || history.data.length === 0}
          query={query}
          setQuery={setQuery}
          compare={compare}
        />
      </WidgetBoundary>
      <WidgetBoundary title="Instance table">
        <InstanceSection appId={appId} query={query} detail={detail} initial={initialInstances} setQuery={setQuery} />
      </WidgetBoundary>
    </div>
  );
}
