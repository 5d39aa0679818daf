'use client';

import { memo, useCallback, useEffect, useMemo, useRef } from 'react';
import { DataBanner } from '@/features/monitoring/components/data-banner';
import { IncompleteBanner } from '@/features/monitoring/components/incomplete-banner';
import { KpiGrid } from '@/features/monitoring/components/kpi-grid';
import { LiveStatus } from '@/features/monitoring/components/live-status';
import { useObservedSamples } from '@/features/monitoring/components/use-observed-samples';
import { useUrlState } from '@/lib/client/use-url-state';
import { WidgetBoundary } from '@/components/ui/widget-boundary';
import type { DetailResponse } from '@/lib/contracts/monitoring';
import { mergeSamples, settleRatePerMinute } from '@/lib/domain/progress';
import type { InstanceQuery } from '@/lib/contracts/instance-params';
import { instanceUrlState, withFilters } from '@/lib/contracts/url-state';
import { useDetail } from '@/features/monitoring/api/get-version-detail';
import { useHistory } from '@/features/monitoring/api/get-history';
import { InstanceSection } from './instance-section';
import { VersionPanels } from './version-panels';

interface Props {
  appId: string;
  /** The filters the server rendered the page for; the URL's win once the browser has them. */
  initialQuery: InstanceQuery;
}

const MemoKpiGrid = memo(KpiGrid);

/** The live version page: every filter is read from and written to the URL. */
export function VersionView({ appId, initialQuery }: Props) {
  const { value: query, write, searchParams } = useUrlState(instanceUrlState, initialQuery);
  // Seeded by the server page's hydrated cache, so this is defined from the first render.
  const detailQuery = useDetail(appId, query.name, query.version);
  if (!detailQuery.data) return <p className="muted">Loading…</p>;
  const { isFetching, error } = detailQuery;
  return <LiveVersion appId={appId} query={query} write={write} compare={searchParams.get('compare')} detail={detailQuery.data} fetching={isFetching} refreshError={error} />;
}

interface LiveProps {
  appId: string;
  query: InstanceQuery;
  write: ReturnType<typeof useUrlState<InstanceQuery>>['write'];
  compare: string | null;
  detail: DetailResponse;
  fetching: boolean;
  refreshError: Error | null;
}

function LiveVersion({ appId, query, write, compare, detail, fetching, refreshError }: LiveProps) {
  const { name, version } = query;
  const history = useHistory(appId, name, version);
  const observed = useObservedSamples(detail.fetchedAt, detail.counts, `${name}\u0000${version}`);
  const samples = useMemo(() => mergeSamples(history.data ?? [], observed), [history.data, observed]);

  const setQuery = useCallback(
    (next: InstanceQuery, mode: 'push' | 'replace' = 'push', nextCompare: string | null = compare) => write(next, mode, { compare: nextCompare }),
    [compare, write],
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
      <LiveStatus fetchedAt={detail.fetchedAt} fetching={fetching} stale={detail.stale} />
      <DataBanner stale={detail.stale} upstreamError={detail.error} refreshError={refreshError} fetchedAt={detail.fetchedAt} />
      <IncompleteBanner complete={detail.complete} reason={detail.incompleteReason} />
      <MemoKpiGrid total={detail.total} counts={detail.counts} inFlight={detail.inFlight} successRate={detail.successRate} ratePerMinute={rate} />
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
        <InstanceSection appId={appId} query={query} detail={detail} setQuery={setQuery} />
      </WidgetBoundary>
    </div>
  );
}
