'use client';

import Link from 'next/link';
import { StatusBar } from '@/components/charts/status-bar';
import { TruncatedText } from '@/components/ui/truncated-text';
import type { DistributionResponse } from '@/lib/contracts/monitoring';
import { paths } from '@/lib/paths';
import { formatPercent } from '@/lib/domain/format';
import { byHealth, FAILURE_RATE_THRESHOLD, troubleOf } from '@/lib/domain/version-health';
import { useOverview } from '@/features/monitoring/api/get-overview';
import styles from './apps.module.css';

const SHOWN = 4;

/** One application's rollouts in flight with their health, kept live. */
export function AppRolloutsLive({ appId }: { appId: string }) {
  const { data } = useOverview(appId);
  if (!data) return null;
  const inFlight = data.items.filter((v) => v.inFlight > 0);
  // One failed instance is the usual background: trouble is a failure rate over the
  // threshold, or a success share that fell by more than it lately.
  const troubled = data.items.filter((v) => troubleOf(v) !== null).length;
  const threshold = formatPercent(FAILURE_RATE_THRESHOLD);
  // Rollouts in trouble first, worst failure rate first: they are why someone opens this page.
  const shown = [...inFlight].sort(byHealth).slice(0, SHOWN);
  return (
    <>
      <div className={styles.health}>
        <span className="badge badge-neutral">{data.items.length} versions</span>
        <span className="badge badge-neutral">{inFlight.length} in flight</span>
        {troubled > 0 ? (
          <span
            className="badge"
            style={{ background: '#fdece3', color: '#8a3300', borderColor: '#f2bfa3' }}
            data-testid="troubled-badge"
          >
            {troubled} failing over {threshold}
          </span>
        ) : null}
        {data.stale ? (
          <span className="badge badge-sim" title={data.error?.message}>
            stale
          </span>
        ) : null}
      </div>
      {shown.length === 0 ? (
        <LatestRollout appId={appId} latest={data.items[0]} />
      ) : (
        <div className={styles.rollouts} role="group" aria-label="Rollouts in flight">
          {shown.map((v) => (
            <div key={`${v.name}\u0000${v.version}`} className={styles.rollout}>
              <Link href={paths.version(appId, v.name, v.version)} title={`${v.name} @ ${v.version}`}>
                <TruncatedText text={`${v.name} @ ${v.version}`} />
              </Link>
              <span className={styles.pct}>{formatPercent(v.successRate)}</span>
              <div className={styles.bar}>
                <StatusBar counts={v.counts} legend={false} />
              </div>
            </div>
          ))}
        </div>
      )}
      {inFlight.length > SHOWN ? <span className="muted">and {inFlight.length - SHOWN} more in flight</span> : null}
    </>
  );
}

/** With nothing in flight, the most recent rollout and how it ended is the useful line. */
function LatestRollout({
  appId,
  latest,
}: {
  appId: string;
  latest: DistributionResponse['items'][number] | undefined;
}) {
  if (!latest)
    return (
      <p className="muted" style={{ margin: 0 }}>
        Nothing has been distributed yet. Push a data file to start a rollout.
      </p>
    );
  return (
    <p className={styles.latest}>
      <span>No rollout in flight. Last:</span>
      <Link href={paths.version(appId, latest.name, latest.version)} title={`${latest.name} @ ${latest.version}`}>
        <TruncatedText text={`${latest.name} @ ${latest.version}`} />
      </Link>
      <span className={styles.pct}>{formatPercent(latest.successRate)}</span>
    </p>
  );
}
