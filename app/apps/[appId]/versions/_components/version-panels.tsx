'use client';

import { memo } from 'react';
import { ProgressAreaChart } from '@/components/charts/progress-area-chart';
import { ComparePanel } from '@/features/monitoring/components/compare-panel';
import { FailureReasons } from '@/features/monitoring/components/failure-reasons';
import { PushPhase } from '@/features/monitoring/components/push-phase';
import { RegionBreakdown } from '@/features/monitoring/components/region-breakdown';
import { EmptyState } from '@/components/ui/empty-state';
import { WidgetBoundary } from '@/components/ui/widget-boundary';
import { RolloutTimingCard } from '@/features/monitoring/components/rollout-timing';
import type { DetailResponse, HistoryResponse } from '@/lib/contracts/monitoring';
import type { Sample } from '@/lib/domain/progress';
import { RECONSTRUCTION_LIMITS, reconstructedSpans } from '@/lib/domain/reconstruct';
import { formatCount, formatTimestamp } from '@/lib/domain/format';
import { usePushStatus } from '@/features/monitoring/api/get-push-status';
import styles from './version-view.module.css';

interface Props {
  appId: string;
  detail: DetailResponse;
  samples: readonly Sample[];
  /** When the counts last changed, if the chart stops there rather than running flat to now. */
  unchangedSince: number | null;
  /** The history answer: recorded and rebuilt series, pre-push spans, timing. */
  history: HistoryResponse | undefined;
  /** A past moment the page is pinned to (epoch ms), or null for the live view. */
  at: number | null;
  /** The table's region filter and text search, which the region chart and the reasons highlight. */
  selectedRegions: readonly string[];
  activeQ: string;
  /** Failure reasons under the table's region filter (what a click on one lists). */
  reasons: DetailResponse['failureReasons'];
  /** Where "Retry pre-push" leads for a region. */
  retryHref: ((regionId: string) => string) | undefined;
  onRegion: (regionId: string) => void;
  onReason: (reason: string) => void;
  compare: string | null;
  onCompare: (version: string | null) => void;
}

/**
 * Pre-push phase, progress, regions, failure reasons and comparison; each survives the
 * others failing. Memoized: a status filter or a page change re-renders the table, not
 * the charts.
 */
export const VersionPanels = memo(function VersionPanels({
  appId,
  detail,
  samples,
  unchangedSince,
  history,
  at,
  selectedRegions,
  activeQ,
  reasons,
  retryHref,
  onRegion,
  onReason,
  compare,
  onCompare,
}: Props) {
  const push = usePushStatus(appId, detail.name, detail.version);
  // Shaded only where the drawn chart reaches (it may stop at a pinned moment or at the last change).
  const end = samples.at(-1)?.t ?? 0;
  const rebuilt = reconstructedSpans(history?.series ?? [])
    .filter((r) => r.from < end)
    .map((r) => ({ ...r, to: Math.min(r.to, end) }));
  return (
    <div className="stack">
      <section className="card card-pad" aria-labelledby="prepush-h">
        <div className={styles.cardHead}>
          <h2 id="prepush-h">Pre-push to file servers</h2>
          <p>Phase 1: the file reaches each region before its instances.</p>
        </div>
        <WidgetBoundary title="Pre-push status">
          <PushPhase regions={push.data} error={push.error} retryHref={retryHref} />
        </WidgetBoundary>
      </section>
      <div className={styles.charts}>
        <section className="card card-pad" aria-labelledby="progress-h">
          <div className={styles.cardHead}>
            <h2 id="progress-h">Progress over time</h2>
            <p>{progressSource(history)}</p>
          </div>
          <WidgetBoundary title="Progress over time">
            {samples.length < 2 ? (
              <EmptyState title="Not enough points yet">
                The chart fills in as the rollout progresses; keep this page open or come back in a minute.
              </EmptyState>
            ) : (
              <ProgressAreaChart
                samples={samples}
                rebuilt={rebuilt}
                prePush={clampRange(prePushRange(history), end)}
                at={at}
              />
            )}
            {unchangedSince !== null ? (
              <p className={styles.note} data-testid="unchanged-since">
                No change since {formatTimestamp(unchangedSince)} UTC; the chart stops shortly after.
              </p>
            ) : null}
            {rebuilt.length > 0 ? <ReconstructionNote history={history} /> : null}
          </WidgetBoundary>
        </section>
        <section className="card card-pad" aria-labelledby="regions-h">
          <div className={styles.cardHead}>
            <h2 id="regions-h">Status by region</h2>
            <p>Click a region to filter the table</p>
          </div>
          <WidgetBoundary title="Status by region">
            <RegionBreakdown
              byRegion={detail.byRegion}
              selected={selectedRegions}
              onSelect={onRegion}
              held={detail.coverage?.held}
              retryHref={retryHref}
            />
          </WidgetBoundary>
        </section>
      </div>
      <div className={styles.charts}>
        <section className="card card-pad" aria-labelledby="reasons-h">
          <div className={styles.cardHead}>
            <h2 id="reasons-h">Failure reasons</h2>
            <p>
              {selectedRegions.length > 0
                ? `In ${selectedRegions.join(', ')} (the table's region filter); click one to list those instances`
                : 'Click a reason to list those instances'}
            </p>
          </div>
          <WidgetBoundary title="Failure reasons">
            <FailureReasons reasons={reasons} activeQ={activeQ} onSelect={onReason} />
          </WidgetBoundary>
        </section>
        <section className="card card-pad" aria-labelledby="compare-h">
          <div className={styles.cardHead}>
            <h2 id="compare-h">Compare versions</h2>
            <p>Counts and success curves side by side</p>
          </div>
          <WidgetBoundary title="Comparison">
            <ComparePanel
              appId={appId}
              current={{ detail, samples, history }}
              compare={compare}
              onCompare={onCompare}
            />
          </WidgetBoundary>
        </section>
      </div>
      <section className="card card-pad" aria-labelledby="timing-h">
        <div className={styles.cardHead}>
          <h2 id="timing-h">Rollout timing</h2>
          <p>From the instances’ own start and update times</p>
        </div>
        <WidgetBoundary title="Rollout timing">
          <RolloutTimingCard timing={history?.timing ?? null} samples={samples} />
        </WidgetBoundary>
      </section>
    </div>
  );
});

function progressSource(history: HistoryResponse | undefined): string {
  if (!history || history.series.length === 0) return 'Since this page opened';
  const rebuilt = history.series.some((p) => p.source === 'reconstructed');
  const recorded = history.series.some((p) => p.source === 'recorded');
  if (rebuilt && recorded) return 'Rebuilt from ENS timestamps (hatched) and recorded snapshots';
  return rebuilt ? 'Rebuilt from ENS timestamps, then live polls' : 'Recorded history and live polls';
}

function clampRange(range: { from: number; to: number } | null, end: number) {
  return range && range.from < end ? { from: range.from, to: Math.min(range.to, end) } : null;
}

function prePushRange(history: HistoryResponse | undefined): { from: number; to: number } | null {
  const spans = history?.reconstruction?.prePush ?? [];
  const starts = spans.flatMap((s) => (s.startedAt === null ? [] : [s.startedAt]));
  if (starts.length === 0) return null;
  const ends = spans.map((s) => s.finishedAt ?? history?.reconstruction?.asOf ?? Math.max(...starts));
  return { from: Math.min(...starts), to: Math.max(...ends) };
}

/** What a curve rebuilt from one row per instance cannot show, stated under the chart. */
function ReconstructionNote({ history }: { history: HistoryResponse | undefined }) {
  const r = history?.reconstruction;
  return (
    <div className={styles.note} data-testid="reconstruction-note">
      <p>
        Hatched parts are rebuilt from each instance’s StartTime and UpdateTime as ENS reported them at{' '}
        {formatTimestamp(r?.asOf ?? null)} UTC, not recorded by this server.
      </p>
      <ul>
        {RECONSTRUCTION_LIMITS.map((l) => (
          <li key={l}>{l}</li>
        ))}
        {r && r.skewed > 0 ? (
          <li>{formatCount(r.skewed)} instances report an update before their start; each is drawn at its start.</li>
        ) : null}
        {r && r.untimed > 0 ? (
          <li>{formatCount(r.untimed)} instances have no readable time; they appear only at the end.</li>
        ) : null}
      </ul>
    </div>
  );
}
