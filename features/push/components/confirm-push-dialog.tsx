'use client';

import { useState } from 'react';
import { impactOf } from '@/features/push/model/presets';
import { formatBytes } from '@/features/push/model/size-units';
import type { PushRequest } from '@/features/push/model/validate';
import type { RegionModel as AppRegion } from '@/lib/contracts/regions';
import { ModalDialog } from '@/components/ui/modal-dialog';
import type { LastSent } from '@/features/push/model/last-sent';
import { paths } from '@/lib/paths';
import styles from './confirm-push-dialog.module.css';

interface Props {
  open: boolean;
  appName: string;
  request: PushRequest;
  regions: AppRegion[];
  targeted: string[];
  inFlight: boolean;
  error: { title: string; detail: string } | undefined;
  /** The push of these same files and versions this tab just sent, if any. */
  repeats?: LastSent | undefined;
  appId?: string;
  onCancel: () => void;
  onConfirm: () => void;
}

const fmt = (n: number) => n.toLocaleString('en');

/** Restates what, where and how many before anything is sent; every region needs the app's name typed. */
export function ConfirmPushDialog({
  open,
  appName,
  request,
  regions,
  targeted,
  inFlight,
  error,
  repeats,
  appId,
  onCancel,
  onConfirm,
}: Props) {
  const [typed, setTyped] = useState('');
  const everywhere = request.strategy === null;
  const impact = impactOf(targeted, regions);
  const nameOk = !everywhere || typed.trim() === appName;
  const files = request.data.length;
  const action = request.distribute ? 'Push and distribute' : 'Push';

  return (
    <ModalDialog
      open={open}
      title={everywhere ? 'Push to every region?' : 'Confirm the push'}
      onClose={() => !inFlight && onCancel()}
      footer={
        <>
          {/* The safe choice has the first focus, so a repeated Enter cannot push. */}
          <button
            type="button"
            className="btn"
            onClick={onCancel}
            disabled={inFlight}
            data-autofocus={everywhere ? undefined : true}
          >
            Cancel
          </button>
          <button
            type="button"
            className={`btn ${everywhere ? 'btn-danger' : 'btn-primary'}`}
            onClick={onConfirm}
            disabled={inFlight || !nameOk}
            aria-describedby={error ? 'confirm-error' : undefined}
          >
            {inFlight
              ? 'Pushing…'
              : error
                ? 'Try again'
                : `${repeats ? `${action} again` : action} ${files} file${files === 1 ? '' : 's'} to ${fmt(impact.regions)} region${impact.regions === 1 ? '' : 's'}`}
          </button>
        </>
      }
    >
      {repeats ? (
        <div className="banner banner-warn" role="alert" data-testid="repeat-warning">
          <div>
            <strong>This exact push was just sent.</strong> These files and versions went to ENS {sentAgo(repeats.at)}{' '}
            as push <code>{repeats.pushId}</code>
            {appId ? (
              <>
                {' '}
                (
                <a
                  href={paths.history(
                    appId,
                    new URLSearchParams({ name: repeats.files[0]!.name, version: repeats.files[0]!.version }),
                  )}
                >
                  see it in the history
                </a>
                )
              </>
            ) : null}
            . Confirm only to send them again.
          </div>
        </div>
      ) : null}
      <dl className={styles.facts}>
        <dt>What</dt>
        <dd>
          <ul className={styles.files}>
            {request.data.map((d) => (
              <li key={`${d.name}@${d.version}`}>
                <span className="mono">{d.name}</span> <span className={styles.version}>{d.version}</span>{' '}
                <span className="muted">
                  · {formatBytes(d.size)} · {d.archiveType}
                </span>
              </li>
            ))}
          </ul>
        </dd>
        <dt>Where</dt>
        <dd>
          {everywhere ? <strong>Every region of the application: </strong> : null}
          {fmt(impact.regions)} of {fmt(impact.totalRegions)} regions
          {!everywhere ? <span className={`mono ${styles.regionList}`}>{targeted.join(', ')}</span> : null}
        </dd>
        <dt>Instances</dt>
        <dd>
          <strong>{fmt(impact.instances)}</strong> of {fmt(impact.totalInstances)} ({(impact.share * 100).toFixed(1)}%)
        </dd>
        <dt>Action</dt>
        <dd>
          {request.distribute
            ? `Push, then distribute to ${request.distribute.destPath} on each instance`
            : 'Push to the file servers only (no distribution)'}
        </dd>
      </dl>
      {everywhere ? (
        <div className={styles.typeName}>
          <label htmlFor="confirm-app-name">
            Type the application name <strong className="mono">{appName}</strong> to push everywhere
          </label>
          <input
            id="confirm-app-name"
            data-autofocus
            className="input"
            autoComplete="off"
            spellCheck={false}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
        </div>
      ) : null}
      <div id="confirm-error" role="alert">
        {error ? (
          <div className={`banner banner-error ${styles.error}`}>
            <div>
              <strong>{error.title}</strong> {error.detail}
            </div>
          </div>
        ) : null}
      </div>
    </ModalDialog>
  );
}

function sentAgo(at: number): string {
  const seconds = Math.max(0, Math.round((Date.now() - at) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min ago` : `${Math.round(minutes / 60)} h ago`;
}
