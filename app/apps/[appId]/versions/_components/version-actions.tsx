'use client';

import { useMemo, useRef, useState } from 'react';
import dynamic from 'next/dynamic';
import { useSearchParams } from 'next/navigation';
import { IfCan, useCan, useViewerName } from '@/features/auth/viewer-context';
import { useRegions } from '@/features/push/api/get-regions';
import { usePushStatus } from '@/features/monitoring/api/get-push-status';
import { useVersionPushes } from '@/features/actions/api/version-actions';
import { planActions } from '@/features/actions/model/plan';
import { recordedFor } from '@/features/actions/model/recorded';
import type { DetailResponse } from '@/lib/contracts/monitoring';
import { paths } from '@/lib/paths';
import type { VersionRollout } from '@/features/rollouts/api/rollouts';
import type { RolloutAction } from '@/lib/domain/rollout-states';
import { plural, type Open } from './version-actions-text';
import styles from './version-actions.module.css';

// The confirmations (their forms and checks) load when one is opened, not with the page.
const ActionDialog = dynamic(() => import('./action-dialog').then((m) => m.ActionDialog), { ssr: false });
const RolloutActionDialog = dynamic(
  () => import('@/features/rollouts/components/rollout-actions').then((m) => m.RolloutActionDialog),
  { ssr: false },
);

/*
 * "Act on what you see": widen, retry failed instances, push a failed pre-push region
 * again, distribute a version that was only pushed, clean it from chosen regions. Each
 * states what it will do, with numbers, in a confirmation; each is recorded in the push
 * history with its actor (the server records who sent it).
 *
 * A plain push is a one-stage rollout and these are its actions. While a staged rollout
 * drives the version, they are the rollout's: widening is approving or promoting its
 * next stage, a retry is its retry, and what it does not offer now is disabled with the
 * reason (the server refuses a person's own write of the version then too).
 */

interface Props {
  appId: string;
  detail: DetailResponse;
  /** The staged rollout driving this version, if any (useVersionRollout). */
  rollout: VersionRollout | null;
  /** Whether the server lets the person who started a rollout approve it too. */
  selfApproval: boolean;
}

export function VersionActions(props: Props) {
  return (
    <IfCan role="operator">
      <ActionsPanel {...props} />
    </IfCan>
  );
}

function ActionsPanel({ appId, detail, rollout, selfApproval }: Props) {
  const driving = rollout?.active ? rollout : null;
  if (driving) return <DrivenPanel appId={appId} rollout={driving} selfApproval={selfApproval} />;
  return <FreePanel appId={appId} detail={detail} />;
}

/**
 * The actions of a version a staged rollout drives: the rollout's own, named as the
 * version page names them, and the free ones disabled with the reason.
 */
function DrivenPanel({
  appId,
  rollout,
  selfApproval,
}: {
  appId: string;
  rollout: VersionRollout;
  selfApproval: boolean;
}) {
  const { summary, view } = rollout;
  // Four eyes, as on the rollout page: its creator approves only where the server allows it.
  const own = useViewerName() === summary.createdBy;
  const canApprove = useCan('approver') && (selfApproval || !own);
  const [open, setOpen] = useState<RolloutAction | null>(null);
  const [done, setDone] = useState('');
  const opener = useRef<HTMLElement | null>(null);
  const offered = view?.actions ?? [];
  const index = view?.currentStage ?? null;
  const stageState = index === null ? null : (view?.stages[index]?.state ?? null);
  const hasNext = index !== null && index < summary.stageCount - 1;
  const next = hasNext ? view?.stages[index + 1] : undefined;
  // Widening is what the rollout waits for when its stage awaits an approval, or bakes and may be promoted.
  const widenBy: RolloutAction | null =
    !hasNext || !next
      ? null
      : stageState === 'awaiting-approval' && offered.includes('approve') && canApprove
        ? 'approve'
        : offered.includes('promote')
          ? 'promote'
          : null;
  const retry = offered.includes('retry-failed');
  const reasonId = 'version-actions-driven-reason';
  const waitsFor =
    stageState === null
      ? 'the rollout has not started a stage yet'
      : stageState === 'awaiting-approval' && hasNext
        ? own && !selfApproval
          ? 'the next stage waits for an approval by another person (you started this rollout)'
          : 'the next stage waits for an approval by a person with the approver role'
        : !hasNext
          ? 'its last stage already covers every region it will reach'
          : `the current stage is ${stageState}, so the next stage starts when its gate passes`;
  const start = (action: RolloutAction) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setDone('');
    setOpen(action);
  };
  return (
    <section
      className={`card card-pad ${styles.panel}`}
      aria-labelledby="version-actions-title"
      data-testid="version-actions"
    >
      <h2 id="version-actions-title" className={styles.title} tabIndex={-1}>
        Actions
      </h2>
      <p className={styles.note} id={reasonId} data-testid="driven-reason">
        Staged rollout <a href={paths.rollout(appId, summary.rolloutId)}>{summary.rolloutId}</a> drives this version:
        widening, distributing, retrying and cleaning go through its actions, never around it.
        {widenBy ? null : ` Nothing to widen now: ${waitsFor}.`}
      </p>
      <div className={styles.buttons}>
        {widenBy && next ? (
          <button type="button" className={`btn btn-primary ${styles.wrap}`} onClick={() => start(widenBy)}>
            Widen: {widenBy === 'approve' ? 'approve' : 'promote'} the next stage ({next.name})…
          </button>
        ) : (
          <button type="button" className="btn" disabled aria-describedby={reasonId}>
            Widen…
          </button>
        )}
        {retry ? (
          <button type="button" className={`btn ${styles.wrap}`} onClick={() => start('retry-failed')}>
            Retry failed instances of the stage…
          </button>
        ) : (
          <button type="button" className="btn" disabled aria-describedby={reasonId}>
            Retry failed instances…
          </button>
        )}
        <button type="button" className="btn" disabled aria-describedby={reasonId}>
          Clean from regions…
        </button>
      </div>
      <p role="status" className={styles.done} data-testid="action-done">
        {done}
      </p>
      {open ? (
        <RolloutActionDialog
          appId={appId}
          rolloutId={summary.rolloutId}
          action={open}
          onClose={(message) => {
            setOpen(null);
            if (message) setDone(message);
            requestAnimationFrame(() => {
              const target = opener.current?.isConnected
                ? opener.current
                : document.getElementById('version-actions-title');
              target?.focus();
            });
          }}
        />
      ) : null}
    </section>
  );
}

function FreePanel({ appId, detail }: { appId: string; detail: DetailResponse }) {
  const { name, version } = detail;
  const regions = useRegions(appId);
  const prePush = usePushStatus(appId, name, version);
  const pushes = useVersionPushes(appId, name, version);
  const plan = useMemo(
    () => planActions({ byRegion: detail.byRegion, appRegions: regions.data ?? [], prePush: prePush.data ?? [] }),
    [detail.byRegion, regions.data, prePush.data],
  );
  const recorded = useMemo(() => recordedFor(pushes.data ?? [], name, version), [pushes.data, name, version]);
  const [chosen, setOpen] = useState<Open | null>(null);
  // The region chart's and the notice's "Retry" links land here (paths.retryPrePush):
  // that region's dialog is open until it is closed, once its pre-push is known to have failed.
  const search = useSearchParams();
  const [linkDone, setLinkDone] = useState(false);
  const linkedRegion = search.get('action') === 'retry-prepush' ? search.get('actionRegion') : null;
  const linked: Open | null =
    !linkDone && linkedRegion && plan.prePushFailed.some((r) => r.regionId === linkedRegion)
      ? { kind: 'retry-prepush', regionId: linkedRegion }
      : null;
  const open = chosen ?? linked;
  const [done, setDone] = useState<{ text: string; id: string } | null>(null);
  const opener = useRef<HTMLElement | null>(null);

  const start = (next: Open) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setDone(null);
    setLinkDone(true);
    setOpen(next);
  };
  const close = () => {
    setOpen(null);
    setLinkDone(true);
    // Focus goes back to the button that opened the dialog (or the panel when that button is gone).
    requestAnimationFrame(() => {
      const target = opener.current?.isConnected ? opener.current : document.getElementById('version-actions-title');
      target?.focus();
    });
  };

  const buttons: React.ReactNode[] = [];
  if (plan.pushedOnly)
    buttons.push(
      <button key="dist" type="button" className="btn btn-primary" onClick={() => start({ kind: 'distribute-pushed' })}>
        Distribute to {plural(plan.pushedOnly.regionIds.length, 'pushed region')}…
      </button>,
    );
  if (plan.widen.canaryRegions.length > 0 && plan.widen.remaining.length > 0)
    buttons.push(
      <button key="widen" type="button" className="btn btn-primary" onClick={() => start({ kind: 'widen' })}>
        Widen…
      </button>,
    );
  if (plan.retryFailed)
    buttons.push(
      <button key="retry" type="button" className="btn" onClick={() => start({ kind: 'retry-failed' })}>
        Retry {plural(plan.retryFailed.failed, 'failed instance')}…
      </button>,
    );
  if (plan.cleanable.length > 0)
    buttons.push(
      <button key="clean" type="button" className="btn" onClick={() => start({ kind: 'clean' })}>
        Clean from regions…
      </button>,
    );

  return (
    <section className={`card card-pad ${styles.panel}`} aria-labelledby="version-actions-title">
      <h2 id="version-actions-title" className={styles.title} tabIndex={-1}>
        Actions
      </h2>
      {plan.pushedOnly ? (
        <p className={styles.note}>
          Pushed to {plural(plan.pushedOnly.regionIds.length, 'region')} but on no instance yet: distribute it to start
          the rollout.
        </p>
      ) : null}
      {plan.prePushFailed.length > 0 ? (
        <ul className={styles.failedRegions} aria-label="Regions whose pre-push failed">
          {plan.prePushFailed.map((r) => (
            <li key={r.regionId}>
              <span>
                Pre-push failed on <code>{r.regionId}</code>: {r.statusDescrip || 'no reason given'}
              </span>
              <button
                type="button"
                className="btn btn-sm"
                onClick={() => start({ kind: 'retry-prepush', regionId: r.regionId })}
                aria-label={`Push again to ${r.regionId}`}
              >
                Push again…
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {buttons.length > 0 ? (
        <div className={styles.buttons}>{buttons}</div>
      ) : plan.prePushFailed.length === 0 ? (
        <p className={styles.note}>Nothing to act on: no failures, no region left to widen to.</p>
      ) : null}
      <p role="status" className={styles.done} data-testid="action-done">
        {done ? (
          <>
            {done.text}{' '}
            <a href={paths.history(appId, new URLSearchParams({ name, version }))}>See it in the push history</a>
          </>
        ) : null}
      </p>
      {open ? (
        <ActionDialog
          key={`${open.kind}:${open.regionId ?? ''}`}
          appId={appId}
          name={name}
          version={version}
          open={open}
          plan={plan}
          recorded={recorded}
          onCancel={close}
          onDone={(text, id) => {
            setDone({ text, id });
            close();
          }}
        />
      ) : null}
    </section>
  );
}
