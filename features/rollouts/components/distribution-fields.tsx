'use client';

import { DecompressCheck, DistributionInputs } from '@/features/push/components/distribution-inputs';
import type { DistributionSettings } from '@/features/push/model/validate';
import styles from './plan.module.css';

interface Props {
  dist: DistributionSettings;
  onDist: (patch: Partial<DistributionSettings>) => void;
  errorFor: (key: string) => string | undefined;
  onTouch: (key: string) => void;
}

/** The push form's distribution settings (the same remembered values): every stage distributes with them. */
export function DistributionFields({ dist, onDist, errorFor, onTouch }: Props) {
  return (
    <section className={`card ${styles.section}`} aria-labelledby="staged-dist-heading">
      <div>
        <h2 id="staged-dist-heading">2. Distribution</h2>
        <p className={styles.lead}>
          Each stage pre-pushes to its regions&apos; file servers, then distributes with these settings.
        </p>
      </div>
      <div className={styles.fields}>
        <DistributionInputs idPrefix="staged-dist" dist={dist} onDist={onDist} errorFor={errorFor} onTouch={onTouch} />
      </div>
      <DecompressCheck className={styles.check} dist={dist} onDist={onDist} />
    </section>
  );
}
