'use client';

import Link from 'next/link';
import { useState } from 'react';
import { CopyButton } from '@/components/ui/copy-button';
import { TruncatedText } from '@/components/ui/truncated-text';
import type { PushEntry } from '@/lib/contracts/pushes';
import { kindText } from '@/features/history/format';
import { paths } from '@/lib/paths';
import { PushStateCell } from './push-state-cell';
import { RegionPhases } from './region-phases';
import { RelativeTime } from './relative-time';
import { StrategyCell } from './strategy-cell';
import styles from './history.module.css';

/** One audit entry; a push-and-distribute opens onto its per-region phases. */
export function PushHistoryRow({ appId, push }: { appId: string; push: PushEntry }) {
  const [open, setOpen] = useState(false);
  const phasesId = `phases-${push.id}`;
  const requestId = push.requestId ?? push.error?.requestId ?? null;
  return (
    <>
      <tr data-testid="push-entry" data-push-id={push.id}>
        <td data-label="When">
          <RelativeTime at={push.createdAt} />
        </td>
        <td data-label="Who" className={styles.actor}>
          <TruncatedText text={push.actor} />
        </td>
        <td data-label="Kind">
          <div>
            {kindText(push)}
            {push.kind === 'distribute' ? (
              <button
                type="button"
                className={styles.linkButton}
                aria-expanded={open}
                aria-controls={phasesId}
                onClick={() => setOpen(!open)}
              >
                {open ? 'Hide regions' : `Show ${push.regions.length} region${push.regions.length === 1 ? '' : 's'}`}
              </button>
            ) : null}
          </div>
        </td>
        <td data-label="Files">
          <ul className={styles.files}>
            {push.data.map((f) => (
              <li key={`${f.name}@${f.version}`}>
                <Link
                  href={paths.version(appId, f.name, f.version)}
                  className={styles.fileLink}
                  title={`${f.name} @ ${f.version}`}
                >
                  <TruncatedText text={f.name} className="mono" />
                  <span className={styles.version}>@ {f.version}</span>
                </Link>
              </li>
            ))}
          </ul>
        </td>
        <td data-label="Where">
          <StrategyCell strategy={push.strategy} />
        </td>
        <td data-label="Result">
          <PushStateCell push={push} />
        </td>
        <td data-label="ENS RequestId">
          {requestId ? (
            <div className={styles.requestId}>
              <code title={requestId}>{requestId}</code>
              <CopyButton text={requestId} label="ENS RequestId" />
            </div>
          ) : (
            <span className="muted">—</span>
          )}
        </td>
      </tr>
      {push.kind === 'distribute' && open ? (
        <tr id={phasesId} className={styles.phasesRow}>
          <td colSpan={7}>
            <RegionPhases regions={push.regions} />
          </td>
        </tr>
      ) : null}
    </>
  );
}
