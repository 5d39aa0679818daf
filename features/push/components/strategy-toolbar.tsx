'use client';

import { emptyPolicy, type PolicyDraft } from '@/features/push/model/draft';
import type { DraftAction } from '@/features/push/model/draft-reducer';
import { canaryOneRegion, canaryShare } from '@/features/push/model/presets';
import type { RegionModel as AppRegion } from '@/lib/contracts/regions';
import { SavedStrategies } from './saved-strategies';
import styles from './strategy.module.css';

interface Props {
  appId: string;
  regions: AppRegion[];
  policies: PolicyDraft[];
  dispatch: (action: DraftAction) => void;
}

/** Presets replace the policies with a starting point the person then reviews. */
export function StrategyToolbar({ appId, regions, policies, dispatch }: Props) {
  const set = (operator: PolicyDraft['operator'], values: string[]) =>
    dispatch({ type: 'setPolicies', policies: [emptyPolicy(operator, values)] });
  return (
    <div className={styles.toolbar}>
      <div className={styles.presets} role="group" aria-label="Presets">
        <span className={styles.toolbarLabel}>Presets</span>
        <button type="button" className="btn btn-sm" onClick={() => set('In', canaryOneRegion(regions))}>
          Canary: 1 region
        </button>
        <button type="button" className="btn btn-sm" onClick={() => set('In', canaryShare(regions, 0.05))}>
          Canary: 5% of instances
        </button>
        <button type="button" className="btn btn-sm" onClick={() => set('NotIn', [])}>
          All except…
        </button>
      </div>
      <SavedStrategies
        appId={appId}
        policies={policies}
        onApply={(p) => dispatch({ type: 'setPolicies', policies: p })}
      />
    </div>
  );
}
