'use client';

import { memo } from 'react';
import { ProgressAreaChart } from '@/components/charts/progress-area-chart';
import { ComparePanel } from '@/features/monitoring/components/compare-panel';
import { FailureReasons } from '@/features/monitoring/components/failure-reasons';
import { PushPhase } from '@/features/monitoring/components/push-phase';
import { RegionBreakdown } from '@/features/monitoring/components/region-breakdown';
import { EmptyState } from '@/components/ui/empty-state';
import { WidgetBoundary } from '@/components/ui/widget-boundary';
import type { DetailResponse } from '@/lib/contracts/monitoring';
import type { Sample } from '@/lib/domain/progress';
import { usePushStatus } from '@/features/monitoring/api/get-push-status';
import styles from './version-view.module.css';

interface Props {
  appId: string;
  detail: DetailResponse;
  samples: readonly Sample[];
  historyMissing: boolean;
  /** The table's region filter and text search, which the region chart and the reasons highlight. */
  selectedRegions: readonly string[];
  activeQ: string;
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
export const VersionPanels = memo(function VersionPanels({ appId, detail, samples, historyMissing, selectedRegions, activeQ, onRegion, onReason, compare, onCompare }: Props) {
  const push = usePushStatus(appId, detail.name, detail.version);
  return (
    <div className="stack">
      <section className="card card-pad" aria-labelledby="prepush-h">
        <div className={styles.cardHead}><h2 id="prepush-h">Pre-push to file servers</h2><p>Phase 1: the file reaches each region before its instances.</p></div>
        <WidgetBoundary title="Pre-push status"><PushPhase regions={push.data} error={push.error} /></WidgetBoundary>
      </section>
      <div className={styles.charts}>
        <section className="card card-pad" aria-labelledby="progress-h">
          <div className={styles.cardHead}><h2 id="progress-h">Progress over time</h2><p>{historyMissing ? 'Since this page opened' : 'Recorded history and live polls'}</p></div>
          <WidgetBoundary title="Progress over time">
            {samples.length < 2 ? (
              <EmptyState title="Not enough points yet">The chart fills in as the rollout progresses; keep this page open or come back in a minute.</EmptyState>
            ) : (
              <ProgressAreaChart samples={samples} />
            )}
          </WidgetBoundary>
        </section>
        <section className="card card-pad" aria-labelledby="regions-h">
          <div className={styles.cardHead}><h2 id="regions-h">Status by region</h2><p>Click a region to filter the table</p></div>
          <WidgetBoundary title="Status by region"><RegionBreakdown byRegion={detail.byRegion} selected={selectedRegions} onSelect={onRegion} /></WidgetBoundary>
        </section>
      </div>
      <div className={styles.charts}>
        <section className="card card-pad" aria-labelledby="reasons-h">
          <div className={styles.cardHead}><h2 id="reasons-h">Failure reasons</h2><p>Click a reason to list those instances</p></div>
          <WidgetBoundary title="Failure reasons"><FailureReasons reasons={detail.failureReasons} activeQ={activeQ} onSelect={onReason} /></WidgetBoundary>
        </section>
        <section className="card card-pad" aria-labelledby="compare-h">
          <div className={styles.cardHead}><h2 id="compare-h">Compare versions</h2><p>Counts and success curves side by side</p></div>
          <WidgetBoundary title="Comparison">
            <ComparePanel appId={appId} current={{ detail, samples }} compare={compare} onCompare={onCompare} />
          </WidgetBoundary>
        </section>
      </div>
    </div>
  );
});
