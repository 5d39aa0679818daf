'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { usePollInterval } from '@/lib/client/polling';
import { paths } from '@/lib/paths';
import { rolloutListOptions } from '@/features/rollouts/api/rollouts';
import { ROLLOUT_STATE_LABELS } from '@/features/rollouts/model/rollout-display';
import { needsPerson, waitingOrder, type WaitingItem } from '@/features/rollouts/model/waiting';
import styles from './waiting.module.css';

/**
 * Staged rollouts, those waiting for a person (halted, awaiting an approval, rollback
 * failed) first: of one application when `appId` is given, else of every application.
 * Renders nothing when no rollout is in progress.
 */
export function WaitingForYou({ appId, appNames }: { appId?: string; appNames: Record<string, string> }) {
  const interval = usePollInterval();
  const list = useQuery({ ...rolloutListOptions(appId ?? null, {}, interval), retry: false });
  const items: WaitingItem[] = (list.data ?? []).map((r) => ({ ...r, appName: appNames[r.appId] ?? r.appId }));
  const ordered = waitingOrder(items);
  if (ordered.length === 0) return null;
  const waiting = ordered.filter(needsPerson).length;
  const showApp = appId === undefined;
  return (
    <section className={`card ${styles.box}`} aria-labelledby="waiting-heading" data-testid="waiting-for-you">
      <h2 id="waiting-heading" className={styles.title}>
        {waiting > 0 ? `Waiting for you (${waiting})` : 'Staged rollouts in progress'}
      </h2>
      <ul className={styles.list}>
        {ordered.map((r) => (
          <li key={r.rolloutId} className={styles.item} data-needs-person={needsPerson(r) ? 'true' : undefined}>
            <span className={styles.state} data-needs-person={needsPerson(r) ? 'true' : undefined}>
              {ROLLOUT_STATE_LABELS[r.state]}
            </span>
            <Link href={paths.rollout(r.appId, r.rolloutId)} className={styles.link}>
              {r.data.map((d) => `${d.name} @ ${d.version}`).join(', ') || r.rolloutId}
              {showApp ? ` · ${r.appName}` : ''}
            </Link>
            <span className={styles.headline}>{r.headline}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
