'use client';

import { FormField } from '@/components/ui/form-field';
import type { DistField, DistributionSettings } from '@/features/push/model/validate';
import styles from './plan.module.css';

interface Props {
  dist: DistributionSettings;
  onDist: (patch: Partial<DistributionSettings>) => void;
  errorFor: (key: string) => string | undefined;
  onTouch: (key: string) => void;
}

/** The push form's distribution settings (the same remembered values): every stage distributes with them. */
export function DistributionFields({ dist, onDist, errorFor, onTouch }: Props) {
  const err = (f: DistField) => errorFor(`dist:${f}`);
  const text = (f: Exclude<DistField, 'decompress'>) => ({
    className: 'input',
    value: dist[f],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => onDist({ [f]: e.target.value }),
    onBlur: () => onTouch(`dist:${f}`),
    autoComplete: 'off',
    spellCheck: false,
  });
  return (
    <section className={`card ${styles.section}`} aria-labelledby="staged-dist-heading">
      <div>
        <h2 id="staged-dist-heading">2. Distribution</h2>
        <p className={styles.lead}>
          Each stage pre-pushes to its regions&apos; file servers, then distributes with these settings.
        </p>
      </div>
      <div className={styles.fields}>
        <FormField
          id="staged-dist-destPath"
          label="Destination path"
          hint="Absolute path on the instance"
          error={err('destPath')}
        >
          {(c) => <input {...c} {...text('destPath')} placeholder="/root/installed" />}
        </FormField>
        <FormField id="staged-dist-targetDirName" label="Target directory (optional)" error={err('targetDirName')}>
          {(c) => <input {...c} {...text('targetDirName')} />}
        </FormField>
        <FormField
          id="staged-dist-fileMode"
          label="File mode (optional)"
          hint="Octal, such as 755"
          error={err('fileMode')}
        >
          {(c) => <input {...c} {...text('fileMode')} inputMode="numeric" placeholder="755" />}
        </FormField>
        <FormField id="staged-dist-timeout" label="Timeout (s)" error={err('timeout')}>
          {(c) => <input {...c} {...text('timeout')} inputMode="numeric" />}
        </FormField>
      </div>
      <label className={styles.check}>
        <input type="checkbox" checked={dist.decompress} onChange={(e) => onDist({ decompress: e.target.checked })} />
        Decompress the archive on the instance
      </label>
    </section>
  );
}
