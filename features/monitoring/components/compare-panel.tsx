'use client';

import { useId, useState } from 'react';
import { CompareChart } from '@/components/charts/compare-chart';
import { StatusBar } from '@/components/charts/status-bar';
import type { DetailResponse, HistoryResponse } from '@/lib/contracts/monitoring';
import { alignedComparison, type AlignInput } from '@/lib/domain/compare';
import { mergeSamples, type Sample } from '@/lib/domain/progress';
import { formatCount, formatPercent } from '@/lib/domain/format';
import { useOtherVersions } from '@/features/monitoring/api/get-overview';
import { useDetail } from '@/features/monitoring/api/get-version-detail';
import { historySamples, useHistory } from '@/features/monitoring/api/get-history';
import styles from './compare-panel.module.css';

interface Props {
  appId: string;
  current: { detail: DetailResponse; samples: readonly Sample[]; history: HistoryResponse | undefined };
  compare: string | null;
  onCompare: (version: string | null) => void;
}

function Column({
  detail,
}: {
  detail: Pick<DetailResponse, 'version' | 'total' | 'counts' | 'inFlight' | 'successRate'>;
}) {
  return (
    <div className={styles.col}>
      <h3 title={detail.version}>{detail.version}</h3>
      <StatusBar counts={detail.counts} legendAll />
      <div className={styles.figures}>
        <span>
          Success <b>{formatPercent(detail.successRate)}</b>
        </span>
        <span>
          Failed <b>{formatCount(detail.counts.FAILED)}</b>
        </span>
        <span>
          In flight <b>{formatCount(detail.inFlight)}</b>
        </span>
        <span>
          Instances <b>{formatCount(detail.total)}</b>
        </span>
      </div>
    </div>
  );
}

/** This version next to another of the same file: counts side by side, success curves on one chart. */
export function ComparePanel({ appId, current, compare, onCompare }: Props) {
  const id = useId();
  const name = current.detail.name;
  const [wanted, setWanted] = useState(compare !== null);
  const choices = useOtherVersions(appId, name, current.detail.version, wanted);
  const versions =
    compare !== null && !choices.versions.includes(compare) ? [compare, ...choices.versions] : choices.versions;
  const other = useDetail(appId, name, compare ?? '', compare !== null);
  const otherHistory = useHistory(appId, name, compare ?? '', { enabled: compare !== null });
  const enabledOther = compare !== null && other.data !== undefined;
  const otherSamples = enabledOther
    ? mergeSamples(historySamples(otherHistory.data), [{ t: other.data.fetchedAt, counts: other.data.counts }])
    : [];
  return (
    <div>
      <div className={styles.head}>
        <div className="field">
          <label htmlFor={`${id}-v`}>Compare with version</label>
          <select
            id={`${id}-v`}
            className="input"
            value={compare ?? ''}
            onFocus={() => setWanted(true)}
            onPointerDown={() => setWanted(true)}
            onChange={(e) => onCompare(e.target.value || null)}
          >
            <option value="">{wanted && !choices.loaded ? 'Loading versions…' : '— choose a version —'}</option>
            {versions.map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </div>
        {choices.loaded && versions.length === 0 ? (
          <span className="muted">This data file has no other version to compare with.</span>
        ) : null}
      </div>
      {compare !== null ? (
        other.error && !other.data ? (
          <p className="banner banner-error">
            Could not load version {compare}: {other.error.message}
          </p>
        ) : !enabledOther ? (
          <p className="muted">Loading {compare}…</p>
        ) : (
          <>
            <div className={styles.cols}>
              <Column detail={current.detail} />
              <Column detail={other.data} />
            </div>
            <CompareChart
              {...alignedComparison(
                alignInput(current.detail, current.history, current.samples),
                alignInput(other.data, otherHistory.data, otherSamples),
              )}
              labelA={current.detail.version}
              labelB={compare}
            />
          </>
        )
      ) : null}
    </div>
  );
}

/**
 * One version on the compare chart: its samples from its push (the rebuilt history's
 * push time, else its first sample), as shares of the instances it targets.
 */
function alignInput(
  detail: Pick<DetailResponse, 'total' | 'counts'>,
  history: HistoryResponse | undefined,
  samples: readonly Sample[],
): AlignInput {
  const rebuiltTargeted = history?.timing?.targeted ?? 0;
  return {
    samples,
    pushedAt: history?.timing?.pushedAt ?? history?.reconstruction?.pushedAt ?? null,
    targeted: rebuiltTargeted > 0 ? rebuiltTargeted : detail.total - detail.counts.DELETED,
  };
}
