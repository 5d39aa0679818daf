'use client';

import type { Ref } from 'react';
import type { Scope } from '@/features/push/model/draft';
import type { ErrorText } from '@/features/push/model/error-text';
import { impactOf } from '@/features/push/model/presets';
import type { RegionModel as AppRegion } from '@/lib/contracts/regions';
import styles from './push-form.module.css';

interface Props {
  ref?: Ref<HTMLButtonElement>;
  files: number;
  targeted: string[];
  regions: AppRegion[] | undefined;
  scope: Scope;
  problems: number;
  /** A problem the server reported that no field shows. */
  formError: string | undefined;
  error: ErrorText | undefined;
  pending: boolean;
  onReview: () => void;
}

/** Always-visible summary and the one button that leads to the confirmation. */
export function SubmitBar({
  ref,
  files,
  targeted,
  regions,
  scope,
  problems,
  formError,
  error,
  pending,
  onReview,
}: Props) {
  const impact = regions ? impactOf(targeted, regions) : undefined;
  const where =
    scope === 'unset' || !impact
      ? 'no regions chosen yet'
      : `${impact.regions.toLocaleString('en')} of ${impact.totalRegions.toLocaleString('en')} regions · ${impact.instances.toLocaleString('en')} instances`;
  return (
    <div className={styles.submitBar}>
      <div className={styles.submitText}>
        <strong>
          {files} file{files === 1 ? '' : 's'} → {where}
        </strong>
        <div role="alert" className={styles.submitAlert}>
          {problems > 0 ? (
            <span className="field-error">
              {problems} problem{problems === 1 ? '' : 's'} to fix before pushing
              {formError ? `: ${formError}` : '; each is shown next to its field.'}
            </span>
          ) : error ? (
            <span className="field-error">
              <strong>{error.title}</strong> {error.detail}
            </span>
          ) : null}
        </div>
      </div>
      <button ref={ref} type="button" className="btn btn-primary" onClick={onReview} disabled={pending}>
        {pending ? 'Pushing…' : 'Review and push…'}
      </button>
    </div>
  );
}
