'use client';

import { useMemo, useRef, useState } from 'react';
import dynamic from 'next/dynamic';
import { useSearchParams } from 'next/navigation';
import { IfCan } from '@/features/auth/viewer-context';
import { useRegions } from '@/features/push/api/get-regions';
import { usePushStatus } from '@/features/monitoring/api/get-push-status';
import { useVersionPushes } from '@/features/actions/api/version-actions';
import { planActions } from '@/features/actions/model/plan';
import { recordedFor } from '@/features/actions/model/recorded';
import type { DetailResponse } from '@/lib/contracts/monitoring';
import { paths } from '@/lib/paths';
import { plural, type Open } from './version-actions-text';
import styles from './version-actions.module.css';

// The confirmations (their forms and checks) load when one is opened, not with the page.
const ActionDialog = dynamic(() => import('./action-dialog').then((m) => m.ActionDialog), { ssr: false });

/*
 * "Act on what you see": widen, retry failed instances, push a failed pre-push region
 * again, distribute a version that was only pushed, clean it from chosen regions. Each
 * states what it will do, with numbers, in a confirmation; each is recorded in the push
 * history with its actor (the server records who sent it).
 */

interface Props {
  appId: string;
  detail: DetailResponse;
}

export function VersionActions({ appId, detail }: Props) {
  return (
    <IfCan role="operator">
      <ActionsPanel appId={appId} detail={detail} />
    </IfCan>
  );
}

function ActionsPanel({ appId, detail }: Props) {
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
