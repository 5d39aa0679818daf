'use client';

import { useId, useState } from 'react';
import { savedPlanBodySchema, type StageInput } from '@/lib/contracts/rollouts';
import { TEMPLATE_IDS, TEMPLATE_LABELS, templateStages, type TemplateId } from '@/lib/domain/rollout-templates';
import { formatPercent } from '@/lib/domain/format';
import type { RegionModel } from '@/lib/contracts/regions';
import { usePlans, useSavePlan } from '@/features/rollouts/api/rollouts';
import { stagesFromCumulative, stagesFromInputs, type StageDraft } from '@/features/rollouts/model/plan-draft';
import type { RegionRate } from '@/features/rollouts/model/region-rates';
import styles from './plan.module.css';

interface Props {
  appId: string;
  regions: RegionModel[];
  regionIds: string[];
  rates: Map<string, RegionRate>;
  /** The current stages as the API takes them, when they are valid (what "Save" stores). */
  stagesForSave: StageInput[] | undefined;
  onApply: (stages: StageDraft[]) => void;
}

/** Start from a template or a plan saved for this application; save the current one for next time. */
export function PlanToolbar({ appId, regions, regionIds, rates, stagesForSave, onApply }: Props) {
  const id = useId();
  const [template, setTemplate] = useState<TemplateId>('progressive');
  const [canary, setCanary] = useState('');
  const plans = usePlans(appId);
  const save = useSavePlan(appId);
  const [planId, setPlanId] = useState('');
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const chosen = plans.data?.find((p) => p.planId === planId);
  const sorted = [...regions].sort((a, b) => a.regionId.localeCompare(b.regionId));

  return (
    <div className="stack">
      <div className={styles.toolbar} role="group" aria-label="Start from a template">
        <div>
          <label htmlFor={`${id}-template`}>Template</label>
          <select
            id={`${id}-template`}
            className="input"
            value={template}
            onChange={(e) => setTemplate(e.target.value as TemplateId)}
          >
            {TEMPLATE_IDS.map((t) => (
              <option key={t} value={t}>
                {TEMPLATE_LABELS[t]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-canary`}>Canary region</label>
          <select id={`${id}-canary`} className="input" value={canary} onChange={(e) => setCanary(e.target.value)}>
            <option value="">First region ({sorted[0]?.regionId ?? 'none'})</option>
            {sorted.map((r) => {
              const rate = rates.get(r.regionId)?.rate;
              return (
                <option key={r.regionId} value={r.regionId}>
                  {r.regionId} · {r.instanceCount} instances ·{' '}
                  {rate === null || rate === undefined ? 'no recent rate' : `${formatPercent(rate)} recent success`}
                </option>
              );
            })}
          </select>
        </div>
        <button
          type="button"
          className="btn"
          onClick={() => {
            onApply(stagesFromCumulative(templateStages(template, regionIds, canary || undefined), regionIds));
            setNote(`Applied the template “${TEMPLATE_LABELS[template]}”.`);
          }}
        >
          Use template
        </button>
      </div>
      <div className={styles.toolbar} role="group" aria-label="Saved plans">
        <div>
          <label htmlFor={`${id}-saved`}>Saved plans</label>
          <select id={`${id}-saved`} className="input" value={planId} onChange={(e) => setPlanId(e.target.value)}>
            <option value="">
              {plans.isPending
                ? 'Loading…'
                : plans.error
                  ? 'Could not load'
                  : plans.data?.length
                    ? 'Choose…'
                    : 'None saved yet'}
            </option>
            {plans.data?.map((p) => (
              <option key={p.planId} value={p.planId}>
                {p.name} ({p.stages.length} stages)
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="btn"
          disabled={!chosen}
          onClick={() => {
            if (!chosen) return;
            onApply(stagesFromInputs(chosen.stages, regionIds));
            setNote(`Loaded the plan “${chosen.name}”.`);
          }}
        >
          Load
        </button>
        <div>
          <label htmlFor={`${id}-name`}>Save the current plan as</label>
          <input
            id={`${id}-name`}
            className="input"
            value={name}
            maxLength={64}
            placeholder="Plan name"
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <button
          type="button"
          className="btn"
          disabled={!stagesForSave || name.trim() === '' || save.isPending}
          onClick={() => {
            const body = savedPlanBodySchema.safeParse({ name, stages: stagesForSave });
            if (!body.success) {
              setNote(body.error.issues[0]?.message ?? 'The plan cannot be saved yet.');
              return;
            }
            save.mutate(body.data, {
              onSuccess: (plan) => {
                setNote(`Saved the plan “${plan.name}”.`);
                setPlanId(plan.planId);
                setName('');
              },
              onError: (err) => setNote(`The plan was not saved: ${err.message}`),
            });
          }}
        >
          Save plan
        </button>
      </div>
      <p className="muted" aria-live="polite">
        {note}
      </p>
    </div>
  );
}
