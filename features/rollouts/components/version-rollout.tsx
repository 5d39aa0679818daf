'use client';

import Link from 'next/link';
import { paths } from '@/lib/paths';
import type { VersionRollout } from '@/features/rollouts/api/rollouts';
import {
  ROLLOUT_STATE_LABELS,
  ROLLOUT_STATE_TONES,
  STAGE_STATE_LABELS,
} from '@/features/rollouts/model/rollout-display';
import { RolloutActions } from './rollout-actions';
import styles from './rollout.module.css';

/*
 * The staged rollout driving a version, on that version's page: where it is, what its
 * gate says, and the rollout page's own actions. A plain push is a one-stage rollout
 * without this panel; with it, the rollout's actions are the version's actions.
 */

export function VersionRolloutPanel({
  appId,
  rollout,
  selfApproval,
}: {
  appId: string;
  rollout: VersionRollout;
  selfApproval: boolean;
}) {
  const { summary, view, active } = rollout;
  const link = (
    <Link href={paths.rollout(appId, summary.rolloutId)} data-testid="version-rollout-link">
      Open rollout <span className="mono">{summary.rolloutId}</span>
    </Link>
  );
  const badge = (
    <span className={styles.state} data-tone={ROLLOUT_STATE_TONES[summary.state]} data-testid="version-rollout-state">
      {ROLLOUT_STATE_LABELS[summary.state]}
    </span>
  );
  if (!active) {
    // Its story is over: the version's own actions are free again; the rollout stays one click away.
    return (
      <p className={`card card-pad ${styles.versionEnded}`} data-testid="version-rollout">
        <span>Staged rollout</span> {badge} <span className="muted">{summary.headline}.</span> {link}
      </p>
    );
  }
  const index = view?.currentStage ?? summary.currentStage;
  const stage = index === null ? undefined : view?.stages[index];
  const where =
    index === null
      ? `Not started yet: ${summary.stageCount} stage${summary.stageCount === 1 ? '' : 's'} planned`
      : `Stage ${index + 1} of ${summary.stageCount}` +
        (summary.currentStageName ? ` (${summary.currentStageName})` : '') +
        (summary.currentStageState ? `: ${STAGE_STATE_LABELS[summary.currentStageState]}` : '');
  const gate = stage?.gate.reason ?? (stage ? 'The gate has not judged this stage yet.' : null);
  return (
    <section
      className={`card ${styles.section} ${styles.versionPanel}`}
      aria-labelledby="version-rollout-title"
      data-testid="version-rollout"
    >
      <div className={styles.head}>
        <h2 id="version-rollout-title" tabIndex={-1}>
          Staged rollout
        </h2>
        {badge}
        {link}
      </div>
      <p className={styles.versionWhere} data-testid="version-rollout-stage">
        {where}
      </p>
      {view?.stopReason ? (
        <p className="banner banner-error" data-testid="version-rollout-stop">
          {view.stopReason}
        </p>
      ) : null}
      {gate ? (
        <p className={styles.versionGate} data-testid="version-rollout-gate">
          <strong>Gate:</strong> {gate}
        </p>
      ) : null}
      <p className="muted">
        This rollout decides where this version goes next: widening, retries and cleaning go through its actions.
      </p>
      {view ? (
        <RolloutActions appId={appId} view={view} selfApproval={selfApproval} headingId="version-rollout-title" />
      ) : (
        <p className="muted">Reading the rollout…</p>
      )}
    </section>
  );
}
