'use client';

import type { PushMode } from '@/features/push/model/draft';
import type { DistributionSettings } from '@/features/push/model/validate';
import { DecompressCheck, DistributionInputs } from './distribution-inputs';
import choiceCard from '@/components/ui/choice-card.module.css';
import styles from './push-sections.module.css';

interface Props {
  mode: PushMode;
  onMode: (mode: PushMode) => void;
  dist: DistributionSettings;
  onDist: (patch: Partial<DistributionSettings>) => void;
  errorFor: (key: string) => string | undefined;
  onTouch: (key: string) => void;
  /** Every file's URL names no archive (.pak, .bin…): decompressing would be a mistake. */
  plainFiles?: boolean;
}

/**
 * ENS moves files in two phases (push to file servers, then distribute to instances).
 * The distribution settings are remembered per application: they rarely change.
 */
export function ModeAndDistribution({ mode, onMode, dist, onDist, errorFor, onTouch, plainFiles = false }: Props) {
  return (
    <section className={`card ${styles.section}`} aria-labelledby="mode-heading">
      <h2 id="mode-heading">2. What happens</h2>
      <fieldset className={styles.choices}>
        <legend>Action</legend>
        <label className={`${choiceCard.card} ${styles.choice}`}>
          <input
            type="radio"
            name="push-mode"
            checked={mode === 'push-and-distribute'}
            onChange={() => onMode('push-and-distribute')}
          />
          <span>
            <strong>Push and distribute</strong>
            <span>
              Pre-push to the regions&apos; file servers, then install on their instances as each region succeeds.
            </span>
          </span>
        </label>
        <label className={`${choiceCard.card} ${styles.choice}`}>
          <input type="radio" name="push-mode" checked={mode === 'push-only'} onChange={() => onMode('push-only')} />
          <span>
            <strong>Push only</strong>
            <span>Pre-stage a large file on the file servers before a release window; distribute later.</span>
          </span>
        </label>
      </fieldset>
      {mode === 'push-and-distribute' ? (
        <div className={styles.fields}>
          <DistributionInputs
            idPrefix="dist"
            dist={dist}
            onDist={onDist}
            errorFor={errorFor}
            onTouch={onTouch}
            targetDirHint="Directory name under the path"
          />
          <DecompressCheck className={styles.check} dist={dist} onDist={onDist} />
          {plainFiles && dist.decompress ? (
            <p className="field-warning" data-testid="decompress-warning">
              The files&rsquo; URLs name no archive (such as .pak or .bin): decompressing them on the instance will
              fail.
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
