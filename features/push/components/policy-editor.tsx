'use client';

import type { PolicyDraft } from '@/features/push/model/draft';
import type { RegionModel as AppRegion } from '@/lib/contracts/regions';
import { RegionPicker } from './region-picker';
import styles from './strategy.module.css';

interface Props {
  policy: PolicyDraft;
  index: number;
  count: number;
  regions: AppRegion[];
  error: string | undefined;
  onChange: (patch: Partial<Omit<PolicyDraft, 'id'>>) => void;
  onRemove: () => void;
}

/** One ScheduleToRegionId policy: In (only these) or NotIn (all but these) over a set of regions. */
export function PolicyEditor({ policy, index, count, regions, error, onChange, onRemove }: Props) {
  const name = `Policy ${index + 1}`;
  const errorId = `policy-${policy.id}-error`;
  return (
    <fieldset
      className={styles.policy}
      aria-describedby={error ? errorId : undefined}
      tabIndex={error ? -1 : undefined}
      data-section-error={error ? 'true' : undefined}
    >
      <legend className={styles.policyLegend}>{count > 1 ? `${name} (all policies must match)` : 'Regions'}</legend>
      <div className={styles.policyHead}>
        <div className={styles.operators} role="radiogroup" aria-label={`${name} operator`}>
          <label>
            <input
              type="radio"
              name={`op-${policy.id}`}
              checked={policy.operator === 'In'}
              onChange={() => onChange({ operator: 'In' })}
            />
            Only these regions <code>In</code>
          </label>
          <label>
            <input
              type="radio"
              name={`op-${policy.id}`}
              checked={policy.operator === 'NotIn'}
              onChange={() => onChange({ operator: 'NotIn' })}
            />
            Every region except these <code>NotIn</code>
          </label>
        </div>
        {count > 1 ? (
          <button type="button" className="btn btn-sm" onClick={onRemove}>
            Remove {name.toLowerCase()}
          </button>
        ) : null}
      </div>
      <RegionPicker
        label={name}
        regions={regions}
        selected={policy.values}
        onChange={(values) => onChange({ values })}
      />
      <p id={errorId} className="field-error" aria-live="polite">
        {error}
      </p>
    </fieldset>
  );
}
