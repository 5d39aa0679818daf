'use client';

import { useState } from 'react';
import choiceCard from '@/components/ui/choice-card.module.css';
import styles from './plan.module.css';

export type PushKind = 'now' | 'staged';

const storageKey = (appId: string) => `ens-push-kind:${appId}`;

/** "Push now" or "Staged rollout", remembered per application in this browser. */
export function usePushKind(appId: string): [PushKind, (kind: PushKind) => void] {
  const [kind, setKind] = useState<PushKind>(() => {
    try {
      return window.localStorage.getItem(storageKey(appId)) === 'staged' ? 'staged' : 'now';
    } catch {
      return 'now';
    }
  });
  return [
    kind,
    (next) => {
      setKind(next);
      try {
        window.localStorage.setItem(storageKey(appId), next);
      } catch {
        // Storage may be disabled; the choice holds for this visit.
      }
    },
  ];
}

export function PushKindChoice({ kind, onKind }: { kind: PushKind; onKind: (kind: PushKind) => void }) {
  return (
    <fieldset className={`card ${styles.section} ${styles.kind}`}>
      <legend className={styles.kindLegend}>How to release</legend>
      <div className={styles.kindChoices}>
        <label className={`${choiceCard.card} ${styles.kindChoice}`}>
          <input type="radio" name="push-kind" checked={kind === 'now'} onChange={() => onKind('now')} />
          <span>
            <strong>Push now</strong>
            <span>One step to the regions you choose, as today.</span>
          </span>
        </label>
        <label className={`${choiceCard.card} ${styles.kindChoice}`}>
          <input type="radio" name="push-kind" checked={kind === 'staged'} onChange={() => onKind('staged')} />
          <span>
            <strong>Staged rollout</strong>
            <span>Ordered stages, each widened only when the previous one is measurably healthy.</span>
          </span>
        </label>
      </div>
    </fieldset>
  );
}
