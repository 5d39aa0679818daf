'use client';

import Link from 'next/link';
import { DataBanner } from '@/features/monitoring/components/data-banner';
import type { RolloutView as RolloutAnswer, StageView } from '@/lib/contracts/rollouts';
import { formatCount } from '@/lib/domain/format';
import { paths } from '@/lib/paths';
import { useNow } from '@/lib/client/use-now';
import { useRollout } from '@/features/rollouts/api/rollouts';
import {
  ROLLOUT_STATE_LABELS,
  ROLLOUT_STATE_TONES,
  STAGE_STATE_LABELS,
  countdowns,
  remainingMs,
  stagePlace,
} from '@/features/rollouts/model/rollout-display';
import { GatePanel } from './gate-panel';
import { RolloutActions } from './rollout-actions';
import { RolloutTimeline } from './rollout-timeline';
import styles from './rollout.module.css';

/** The live rollout page: seeded by the server's first read, then polled. */
export function RolloutView({
  appId,
  rolloutId,
  selfApproval,
}: {
  appId: string;
  rolloutId: string;
  selfApproval: boolean;
}) {
  const query = useRollout(appId, rolloutId);
  const view = query.data;
  if (!view) {
    return query.error ? (
      <div className="banner banner-error" role="alert">
        The rollout could not be read: {query.error.message}
      </div>
    ) : (
      <p className="muted">Loading…</p>
    );
  }
  const current = view.currentStage === null ? undefined : view.stages[view.currentStage];
  return (
    <div className="stack">
      <DataBanner stale={false} upstreamError={undefined} refreshError={query.error} fetchedAt={query.dataUpdatedAt} />
      <div className={styles.head}>
        <span className={styles.state} data-tone={ROLLOUT_STATE_TONES[view.state]} data-testid="rollout-state">
          {ROLLOUT_STATE_LABELS[view.state]}
        </span>
        <span className={styles.byline}>
          {view.data.map((d) => `${d.name} @ ${d.version}`).join(', ')} · started by {view.createdBy}
        </span>
      </div>
      {view.stopReason ? (
        <div className="banner banner-error" role="status" data-testid="stop-reason">
          {view.stopReason}
        </div>
      ) : null}
      <section className={`card ${styles.section}`} aria-labelledby="stages-heading">
        <h2 id="stages-heading">Stages</h2>
        <StageStrip view={view} />
      </section>
      {current && view.currentStage !== null ? (
        <section className={`card ${styles.section}`} aria-labelledby="current-heading" data-testid="current-stage">
          <h2 id="current-heading">
            Stage {view.currentStage + 1}: {current.name} · {STAGE_STATE_LABELS[current.state]}
          </h2>
          <Clocks stage={current} now={view.now} receivedAt={query.dataUpdatedAt} />
          <GatePanel stage={current} index={view.currentStage} />
          <VersionLinks appId={appId} view={view} stage={current} />
        </section>
      ) : null}
      <section className={`card ${styles.section}`} aria-labelledby="actions-heading">
        <h2 id="actions-heading">Actions</h2>
        <RolloutActions appId={appId} view={view} selfApproval={selfApproval} />
      </section>
      <section className={`card ${styles.section}`} aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        <RolloutTimeline entries={view.timeline} />
      </section>
    </div>
  );
}

function StageStrip({ view }: { view: RolloutAnswer }) {
  return (
    <ol className={styles.strip} data-testid="stage-strip">
      {view.stages.map((stage, i) => {
        const place = stagePlace(i, view.currentStage, stage.state);
        const finished = stage.counts.SUCCESS + stage.counts.FAILED;
        return (
          <li
            key={stage.name}
            className={styles.stage}
            data-place={place}
            data-state={stage.state}
            data-testid="strip-stage"
          >
            <span className={styles.stageName}>
              {i + 1}. {stage.name}
            </span>
            <span>
              {STAGE_STATE_LABELS[stage.state]}
              <span className="sr-only"> ({place})</span>
            </span>
            <span className={styles.small}>
              {stage.newRegions.length} new region{stage.newRegions.length === 1 ? '' : 's'}
              {stage.population !== null ? ` · ${formatCount(stage.population)} instances` : ''}
            </span>
            {stage.population !== null ? (
              <span className={styles.small} data-testid="strip-counts">
                {formatCount(stage.counts.SUCCESS)} ok · {formatCount(stage.counts.FAILED)} failed ·{' '}
                {formatCount(stage.counts.DISTING + stage.counts.POD_RESTARTING)} in flight ({formatCount(finished)}{' '}
                finished)
              </span>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

function Clocks({ stage, now, receivedAt }: { stage: StageView; now: string; receivedAt: number }) {
  const browserNow = useNow();
  const list = countdowns(stage);
  if (list.length === 0) return null;
  return (
    <dl className={styles.clocks} aria-label="Countdowns on ENS's clock">
      {list.map((c) => {
        const ms = remainingMs(c.at, now, receivedAt, browserNow);
        return (
          <div key={c.id} data-testid={`countdown-${c.id}`}>
            <dt>{c.label}</dt>
            <dd>
              <time dateTime={c.at}>{ms > 0 ? formatClock(ms) : 'now'}</time>
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

/** 9 m 05 s, 1 h 02 m 00 s: a countdown's steady width. */
function formatClock(ms: number): string {
  const s = Math.ceil(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} m ${sec} s` : `${m} m ${sec} s`;
}

/** The version page of each pushed file, filtered to the stage's regions. */
function VersionLinks({ appId, view, stage }: { appId: string; view: RolloutAnswer; stage: StageView }) {
  if (stage.regions.length === 0) return null;
  const filters = new URLSearchParams({ region: stage.regions.join(',') });
  return (
    <ul className={styles.links} aria-label="Instances of this stage">
      {view.data.map((d) => (
        <li key={`${d.name}@${d.version}`}>
          <Link href={paths.version(appId, d.name, d.version, filters)} data-testid="stage-version-link">
            Instances of {d.name} @ {d.version} in this stage&apos;s {stage.regions.length} region
            {stage.regions.length === 1 ? '' : 's'}
          </Link>
        </li>
      ))}
    </ul>
  );
}
