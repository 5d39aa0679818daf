'use client';

import { FormField } from '@/components/ui/form-field';
import { GATE_DEFAULTS } from '@/lib/domain/rollout-gate';
import { defaultBake, formatSeconds, type StageImpact } from '@/lib/domain/rollout-templates';
import { formatCount, formatPercent } from '@/lib/domain/format';
import type { RegionModel } from '@/lib/contracts/regions';
import { stageKey, type GateField, type StageDraft } from '@/features/rollouts/model/plan-draft';
import type { RegionRate } from '@/features/rollouts/model/region-rates';
import { StageRegions } from './stage-regions';
import styles from './plan.module.css';

interface Props {
  stage: StageDraft;
  index: number;
  count: number;
  regions: RegionModel[];
  earlier: ReadonlySet<string>;
  impact: StageImpact | undefined;
  totalInstances: number;
  rates: Map<string, RegionRate>;
  errorFor: (key: string) => string | undefined;
  onTouch: (key: string) => void;
  onChange: (patch: Partial<StageDraft>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}

const GATE_LABELS: Record<GateField, string> = {
  minFinished: 'Min. finished',
  maxFailed: 'Max. failed',
  maxFailedPct: 'Max. failed %',
  minFinishedPct: 'Pass at finished %',
  minSuccessPct: 'Min. success % (optional)',
  stuckAfterSeconds: 'Stuck after (s)',
};

/** One stage: its name, the regions it adds, its gate, bake, approval and what to do on a breach. */
export function StageCard(props: Props) {
  const { stage, index, count, regions, earlier, impact, totalInstances, rates, errorFor, onTouch, onChange } = props;
  const last = index === count - 1;
  const label = `stage ${index + 1}`;
  const key = (field: string) => stageKey(stage.id, field);
  const fieldId = (field: string) => `stage-${stage.id}-${field.replace('.', '-')}`;
  const population = impact?.addedInstances ?? 0;
  const placeholders: Record<GateField, string> = {
    minFinished: String(Math.min(GATE_DEFAULTS.minFinished, Math.max(population, 1))),
    maxFailed: String(GATE_DEFAULTS.maxFailed),
    maxFailedPct: String(GATE_DEFAULTS.maxFailedPct),
    minFinishedPct: String(GATE_DEFAULTS.minFinishedPct),
    minSuccessPct: 'none',
    stuckAfterSeconds: String(GATE_DEFAULTS.stuckAfterSeconds),
  };
  const bakeDefault = defaultBake(index, count);
  const strategyError = errorFor(key('strategy'));
  const input = (field: string, value: string, set: (v: string) => void) => ({
    className: 'input',
    value,
    inputMode: 'decimal' as const,
    autoComplete: 'off',
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => set(e.target.value),
    onBlur: () => onTouch(key(field)),
  });

  return (
    <li className={styles.stage} aria-labelledby={`${fieldId('head')}`} data-testid="plan-stage">
      <div className={styles.stageHead}>
        <h3 id={fieldId('head')}>
          Stage {index + 1}
          {stage.name ? `: ${stage.name}` : ''}
        </h3>
        <div className={styles.stageActions}>
          <button type="button" className="btn btn-sm" disabled={index === 0} onClick={() => props.onMove(-1)}>
            Move up<span className="sr-only"> {label}</span>
          </button>
          <button type="button" className="btn btn-sm" disabled={last} onClick={() => props.onMove(1)}>
            Move down<span className="sr-only"> {label}</span>
          </button>
          <button type="button" className="btn btn-sm" disabled={count === 1} onClick={props.onRemove}>
            Remove<span className="sr-only"> {label}</span>
          </button>
        </div>
      </div>
      <p className={styles.impact} data-testid="stage-impact">
        {impact ? (
          <>
            Adds <strong>{formatCount(impact.addedInstances)} instances</strong> in {impact.newRegions.length} region
            {impact.newRegions.length === 1 ? '' : 's'} · cumulative {formatCount(impact.cumulativeInstances)} of{' '}
            {formatCount(totalInstances)} ({formatPercent(impact.cumulativeShare)})
          </>
        ) : (
          'Loading regions…'
        )}
      </p>
      <div className={styles.fields}>
        <FormField id={fieldId('name')} label="Stage name" error={errorFor(key('name'))}>
          {(c) => (
            <input
              {...c}
              className="input"
              value={stage.name}
              maxLength={64}
              onChange={(e) => onChange({ name: e.target.value })}
              onBlur={() => onTouch(key('name'))}
            />
          )}
        </FormField>
      </div>
      {last ? (
        <label className={styles.check}>
          <input
            type="checkbox"
            checked={stage.everyRegion}
            onChange={(e) => onChange({ everyRegion: e.target.checked })}
          />
          Every region of the application (the rest of the fleet)
        </label>
      ) : null}
      {!stage.everyRegion ? (
        <StageRegions
          stageLabel={label}
          regions={regions}
          earlier={earlier}
          added={stage.added}
          onChange={(added) => {
            onChange({ added });
            onTouch(key('strategy'));
          }}
          rates={rates}
          error={strategyError}
          errorId={fieldId('strategy-error')}
        />
      ) : null}
      <p id={fieldId('strategy-error')} className="field-error" aria-live="polite">
        {strategyError}
      </p>
      <fieldset className={styles.regions}>
        <legend>Gate of {label} (blank: the default shown)</legend>
        <div className={styles.fields}>
          {(Object.keys(GATE_LABELS) as GateField[]).map((f) => (
            <FormField key={f} id={fieldId(`gate.${f}`)} label={GATE_LABELS[f]} error={errorFor(key(`gate.${f}`))}>
              {(c) => (
                <input
                  {...c}
                  {...input(`gate.${f}`, stage.gate[f], (v) => onChange({ gate: { ...stage.gate, [f]: v } }))}
                  placeholder={placeholders[f]}
                />
              )}
            </FormField>
          ))}
        </div>
      </fieldset>
      <div className={styles.fields}>
        <FormField
          id={fieldId('bakeSeconds')}
          label="Bake (s)"
          hint={`Default ${formatSeconds(bakeDefault)}${last ? ' (last stage)' : ''}; 0 for none`}
          error={errorFor(key('bakeSeconds'))}
        >
          {(c) => (
            <input
              {...c}
              {...input('bakeSeconds', stage.bakeSeconds, (v) => onChange({ bakeSeconds: v }))}
              placeholder={String(bakeDefault)}
            />
          )}
        </FormField>
        <FormField id={fieldId('onBreach')} label="On breach" error={errorFor(key('onBreach'))}>
          {(c) => (
            <select
              {...c}
              className="input"
              value={stage.onBreach}
              onChange={(e) => onChange({ onBreach: e.target.value === 'rollback' ? 'rollback' : 'halt' })}
            >
              <option value="halt">Halt for a person</option>
              <option value="rollback">Roll back the stage</option>
            </select>
          )}
        </FormField>
        {stage.approval ? (
          <FormField
            id={fieldId('approvalTimeoutSeconds')}
            label="Approval timeout (s)"
            hint="Optional: pauses the rollout when no one approved"
            error={errorFor(key('approvalTimeoutSeconds'))}
          >
            {(c) => (
              <input
                {...c}
                {...input('approvalTimeoutSeconds', stage.approvalTimeoutSeconds, (v) =>
                  onChange({ approvalTimeoutSeconds: v }),
                )}
                placeholder="none"
              />
            )}
          </FormField>
        ) : null}
      </div>
      <label className={styles.check}>
        <input type="checkbox" checked={stage.approval} onChange={(e) => onChange({ approval: e.target.checked })} />
        {last ? 'Wait for a person to approve before finishing' : 'Wait for a person to approve before the next stage'}
      </label>
    </li>
  );
}
