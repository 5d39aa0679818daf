'use client';

import type { PushDraft } from '@/features/push/model/draft';
import type { DraftAction } from '@/features/push/model/draft-reducer';
import type { RegionModel as AppRegion } from '@/lib/contracts/regions';
import { ImpactSummary } from './impact-summary';
import { PolicyEditor } from './policy-editor';
import { StrategyToolbar } from './strategy-toolbar';
import choiceCard from '@/components/ui/choice-card.module.css';
import sections from './push-sections.module.css';
import styles from './strategy.module.css';

interface Props {
  appId: string;
  draft: PushDraft;
  dispatch: (action: DraftAction) => void;
  regions: AppRegion[] | undefined;
  regionsError: string | undefined;
  targeted: string[];
  errorFor: (key: string) => string | undefined;
  onTouch: (key: string) => void;
}

/** Where the push goes. "Every region" is a choice like any other, never the default. */
export function StrategyBuilder({ appId, draft, dispatch, regions, regionsError, targeted, errorFor, onTouch }: Props) {
  const scopeError = errorFor('strategy');
  return (
    <section className={`card ${sections.section}`} aria-labelledby="strategy-heading">
      <div>
        <h2 id="strategy-heading">3. Where: canary strategy</h2>
        <p className={sections.lead}>
          Start with a few regions, watch them succeed, then widen. The same regions receive the distribution.
        </p>
      </div>
      <fieldset className={sections.choices} aria-describedby="strategy-error">
        <legend>Regions</legend>
        <label className={`${choiceCard.card} ${sections.choice}`}>
          <input
            type="radio"
            name="push-scope"
            data-section-error={scopeError ? 'true' : undefined}
            checked={draft.scope === 'selected'}
            onChange={() => dispatch({ type: 'setScope', scope: 'selected' })}
          />
          <span>
            <strong>Selected regions (canary)</strong>
            <span>Pick regions, or start from a preset.</span>
          </span>
        </label>
        <label className={`${choiceCard.card} ${sections.choice} ${sections.choiceDanger}`}>
          <input
            type="radio"
            name="push-scope"
            checked={draft.scope === 'all'}
            onChange={() => dispatch({ type: 'setScope', scope: 'all' })}
          />
          <span>
            <strong>Push to all regions</strong>
            <span>Every instance of the application at once; you will type the application name to confirm.</span>
          </span>
        </label>
      </fieldset>
      <p id="strategy-error" className={`field-error ${sections.sectionError}`} aria-live="polite">
        {scopeError}
      </p>
      {regionsError ? (
        <div className="banner banner-error" role="alert">
          The application&apos;s regions could not be loaded: {regionsError}
        </div>
      ) : null}
      {draft.scope === 'selected' ? (
        !regions ? (
          <p className="muted">Loading regions…</p>
        ) : (
          <>
            <StrategyToolbar appId={appId} regions={regions} policies={draft.policies} dispatch={dispatch} />
            <div className={styles.policies}>
              {draft.policies.map((policy, index) => (
                <PolicyEditor
                  key={policy.id}
                  policy={policy}
                  index={index}
                  count={draft.policies.length}
                  regions={regions}
                  error={errorFor(`policy:${policy.id}`)}
                  onChange={(patch) => {
                    dispatch({ type: 'editPolicy', id: policy.id, patch });
                    onTouch(`policy:${policy.id}`);
                  }}
                  onRemove={() => dispatch({ type: 'removePolicy', id: policy.id })}
                />
              ))}
            </div>
            <div>
              <button
                type="button"
                className="btn btn-sm"
                onClick={() => dispatch({ type: 'addPolicy', operator: 'NotIn' })}
              >
                + Add policy to narrow further
              </button>
            </div>
          </>
        )
      ) : null}
      {regions && draft.scope !== 'unset' ? <ImpactSummary regions={regions} targeted={targeted} /> : null}
    </section>
  );
}
