'use client';

import { memo, useCallback, useEffect, useMemo, useRef } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { DataBanner } from '@/features/monitoring/components/data-banner';
import { IncompleteBanner } from '@/features/monitoring/components/incomplete-banner';
import { KpiGrid } from '@/features/monitoring/components/kpi-grid';
import { CoverageNotice } from '@/features/monitoring/components/coverage-notice';
import { coveredSuccessRate } from '@/lib/domain/coverage';
import { instancesOptions, useInstances } from '@/features/monitoring/api/get-instances';
import { LiveStatus } from '@/features/monitoring/components/live-status';
import { useObservedSamples } from '@/features/monitoring/components/use-observed-samples';
import { useUrlState, type NextState } from '@/lib/client/use-url-state';
import { useSharedValue } from '@/lib/client/use-shared-value';
import { WidgetBoundary } from '@/components/ui/widget-boundary';
import type { DetailResponse } from '@/lib/contracts/monitoring';
import { mergeSamples, settleRatePerMinute } from '@/lib/domain/progress';
import { seriesUntil, trimFlatTail } from '@/lib/domain/reconstruct';
import { statusFigures, totalOf } from '@/lib/domain/status';
import { formatTimestamp } from '@/lib/domain/format';
import { formatPinnedAt, parsePinnedAt } from '@/lib/contracts/pinned-at';
import { paths } from '@/lib/paths';
import type { InstanceQuery } from '@/lib/contracts/instance-params';
import { instanceUrlState, withFilters } from '@/lib/contracts/url-state';
import { useDetail } from '@/features/monitoring/api/get-version-detail';
import { historySamples, useHistory } from '@/features/monitoring/api/get-history';
import { InstanceSection } from './instance-section';
import { VersionPanels } from './version-panels';
import { VersionActions } from './version-actions';
import { useVersionRollout, type VersionRollout } from '@/features/rollouts/api/rollouts';
import { VersionRolloutPanel } from '@/features/rollouts/components/version-rollout';

interface Props {
  appId: string;
  /** The filters the server rendered the page for; the URL's win once the browser has them. */
  initialQuery: InstanceQuery;
  /** Whether the server lets the person who started a rollout approve it too. */
  selfApproval: boolean;
}

const MemoKpiGrid = memo(KpiGrid);
// A filter change renders the page again (the click, the answer, the URL catching up):
// the parts that do not show the filters keep their render.
const MemoInstanceSection = memo(InstanceSection);
const MemoVersionActions = memo(VersionActions);
const MemoRolloutPanel = memo(VersionRolloutPanel);

/** The live version page: every filter is read from and written to the URL. */
export function VersionView({ appId, initialQuery, selfApproval }: Props) {
  const { value: query, write, searchParams } = useUrlState(instanceUrlState, initialQuery);
  // Seeded by the server page's hydrated cache, so this is defined from the first render.
  const detailQuery = useDetail(appId, query.name, query.version);
  if (!detailQuery.data) return <p className="muted">Loading…</p>;
  const { isFetching, error } = detailQuery;
  const at = parsePinnedAt(searchParams.get('at'));
  return (
    <LiveVersion
      appId={appId}
      query={query}
      write={write}
      compare={searchParams.get('compare')}
      at={at}
      detail={detailQuery.data}
      fetching={isFetching}
      refreshError={error}
      selfApproval={selfApproval}
    />
  );
}

interface LiveProps {
  appId: string;
  query: InstanceQuery;
  write: ReturnType<typeof useUrlState<InstanceQuery>>['write'];
  compare: string | null;
  /** The moment a pinned link shows (epoch ms); null for live, 'invalid' for an unreadable `at`. */
  at: number | null | 'invalid';
  detail: DetailResponse;
  fetching: boolean;
  refreshError: Error | null;
  selfApproval: boolean;
}

function LiveVersion({
  appId,
  query,
  write,
  compare,
  at: rawAt,
  detail,
  fetching,
  refreshError,
  selfApproval,
}: LiveProps) {
  const { name, version } = query;
  const rollout = useVersionRollout(appId, name, version);
  const at = typeof rawAt === 'number' ? rawAt : null;
  const history = useHistory(appId, name, version);
  // On ENS's clock, as the rebuilt history and the instances' own times are.
  const observed = useObservedSamples(detail.fetchedAt + detail.ensOffsetMs, detail.counts, `${name}\u0000${version}`);
  const allSamples = useMemo(() => mergeSamples(historySamples(history.data), observed), [history.data, observed]);
  const samples = useMemo(() => (at === null ? allSamples : seriesUntil(allSamples, at)), [allSamples, at]);
  // A pinned link shows the counts as they stood at that moment (the last point before it).
  const pastCounts = at === null ? null : (samples.at(-1)?.counts ?? null);
  const drawn = useMemo(() => trimFlatTail(samples), [samples]);

  const queryClient = useQueryClient();
  const setQuery = useCallback(
    (next: NextState<InstanceQuery>, mode: 'push' | 'replace' = 'push', nextCompare: string | null = compare) => {
      const written = write(next, mode, {
        compare: nextCompare,
        at: typeof rawAt === 'number' ? formatPinnedAt(rawAt) : null,
      });
      // The table's answer is asked for in the click's own event: the table, rendered
      // with the new filters a moment later, finds the request under way (or its fresh
      // answer) instead of starting it after that render.
      void queryClient.prefetchQuery(instancesOptions(appId, written));
    },
    [appId, compare, queryClient, rawAt, write],
  );

  // The charts' callbacks reach setQuery through a ref, so they keep their identity and
  // a filter change does not re-render the charts; each change applies to the filters
  // the URL holds when the click lands.
  const latest = useRef(setQuery);
  useEffect(() => {
    latest.current = setQuery;
  });
  const onRegion = useCallback((regionId: string) => {
    latest.current((q) =>
      withFilters(q, { region: q.region.length === 1 && q.region[0] === regionId ? [] : [regionId] }),
    );
    showTable();
  }, []);
  const onReason = useCallback((reason: string) => {
    latest.current((q) => withFilters(q, q.q === reason ? { q: '', status: [] } : { q: reason, status: ['FAILED'] }));
    showTable();
  }, []);
  const onCompare = useCallback((v: string | null) => latest.current((q) => q, 'push', v), []);
  const regionKey = query.region.join(',');
  const selectedRegions = useMemo(() => (regionKey === '' ? [] : regionKey.split(',')), [regionKey]);
  const rate = settleRatePerMinute(samples);
  // The reasons beside the chart count under the table's region filter, as a click on one would list.
  // Shared while unchanged: a status filter leaves them as they were, and the charts beside them are not drawn again.
  const reasons = useSharedValue(useInstances(appId, query).data?.facets?.reasons ?? detail.failureReasons);
  const coverage = detail.coverage;
  const held = coverage
    ? {
        blocked: coverage.blocked,
        waiting: coverage.waiting,
        blockedRegions: coverage.held.filter((h) => h.state === 'blocked').length,
        waitingRegions: coverage.held.filter((h) => h.state === 'waiting').length,
      }
    : undefined;
  const freeRetryHref = useCallback(
    (regionId: string) => paths.retryPrePush(appId, name, version, regionId),
    [appId, name, version],
  );
  // Under an active staged rollout a person's own push of the version is refused: no retry link.
  const retryHref = rollout?.active ? undefined : freeRetryHref;

  return (
    <div className="stack">
      <LiveStatus fetchedAt={detail.fetchedAt} fetching={fetching} stale={detail.stale} />
      <DataBanner
        stale={detail.stale}
        upstreamError={detail.error}
        refreshError={refreshError}
        fetchedAt={detail.fetchedAt}
      />
      <IncompleteBanner complete={detail.complete} reason={detail.incompleteReason} />
      {rawAt === 'invalid' ? (
        <p className="banner banner-error" role="alert">
          The link’s <code>at</code> is not an ISO time (such as 2026-11-26T07:00:00Z): showing the live view.
        </p>
      ) : null}
      {at !== null ? (
        <div className="banner" role="status" data-testid="past-view">
          <p style={{ margin: 0 }}>
            <strong>Past view: as it stood at {formatTimestamp(at)} UTC.</strong>{' '}
            {pastCounts
              ? 'Figures and chart are rebuilt from ENS timestamps and recorded snapshots; regions, reasons and the table below are live.'
              : 'Nothing had happened to this version yet at that moment.'}{' '}
            <a href={paths.pinned(paths.version(appId, name, version), null)}>Open the live view</a>
          </p>
        </div>
      ) : null}
      {pastCounts ? (
        <MemoKpiGrid
          total={totalOf(pastCounts)}
          counts={pastCounts}
          {...pastFigures(pastCounts)}
          ratePerMinute={settleRatePerMinute(samples)}
        />
      ) : at !== null ? null : (
        <>
          {coverage ? <CoverageNotice coverage={coverage} retryHref={retryHref} /> : null}
          <MemoKpiGrid
            total={coverage?.targeted ?? detail.total}
            counts={detail.counts}
            inFlight={detail.inFlight}
            successRate={coverage ? coveredSuccessRate(detail.counts, coverage) : detail.successRate}
            ratePerMinute={rate}
            held={held}
            stragglers={detail.stragglers?.count ?? 0}
            rolloutAhead={rolloutAhead(rollout)}
          />
        </>
      )}
      {at === null && rollout ? <MemoRolloutPanel appId={appId} rollout={rollout} selfApproval={selfApproval} /> : null}
      {at === null ? (
        <MemoVersionActions appId={appId} detail={detail} rollout={rollout} selfApproval={selfApproval} />
      ) : null}
      <WidgetBoundary title="Charts">
        <VersionPanels
          appId={appId}
          detail={detail}
          samples={drawn.samples}
          unchangedSince={drawn.unchangedSince}
          history={history.data}
          at={at}
          selectedRegions={selectedRegions}
          activeQ={query.q}
          reasons={reasons}
          retryHref={retryHref}
          onRegion={onRegion}
          onReason={onReason}
          compare={compare}
          onCompare={onCompare}
        />
      </WidgetBoundary>
      <WidgetBoundary title="Instance table">
        <MemoInstanceSection appId={appId} query={query} detail={detail} setQuery={setQuery} />
      </WidgetBoundary>
    </div>
  );
}

/** After a click in the charts, the table it filtered comes into view (it may be 900 px below). */
function showTable(): void {
  const table = document.getElementById('instances');
  if (!table) return;
  const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  table.scrollIntoView({ behavior: reduce ? 'auto' : 'smooth', block: 'start' });
}

function pastFigures(counts: Parameters<typeof statusFigures>[0]) {
  const { inFlight, successRate } = statusFigures(counts);
  return { inFlight, successRate };
}

/** Stages of the active rollout after the one in progress: the version is not done before they are. */
function rolloutAhead(rollout: VersionRollout | null): { stagesLeft: number; headline: string } | undefined {
  if (!rollout?.active) return undefined;
  const { stageCount, currentStage, headline } = rollout.summary;
  return { stagesLeft: stageCount - 1 - (currentStage ?? -1), headline };
}
