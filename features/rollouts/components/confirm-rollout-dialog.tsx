'use client';

import { ModalDialog } from '@/components/ui/modal-dialog';
import { formatCount, formatPercent } from '@/lib/domain/format';
import type { StageImpact } from '@/lib/domain/rollout-templates';
import type { StageDraft } from '@/features/rollouts/model/plan-draft';
import styles from './plan.module.css';

interface Props {
  appName: string;
  stages: StageDraft[];
  impacts: StageImpact[];
  startApproval: boolean;
  inFlight: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}

/** Restates the stages and what each adds before the first ENS call. */
export function ConfirmRolloutDialog({
  appName,
  stages,
  impacts,
  startApproval,
  inFlight,
  onCancel,
  onConfirm,
}: Props) {
  return (
    <ModalDialog
      open
      title="Start the staged rollout?"
      onClose={() => !inFlight && onCancel()}
      footer={
        <>
          <button type="button" className="btn" onClick={onCancel} disabled={inFlight} data-autofocus>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" onClick={onConfirm} disabled={inFlight}>
            {inFlight ? 'Starting…' : 'Start rollout'}
          </button>
        </>
      }
    >
      <p>
        {stages.length} stage{stages.length === 1 ? '' : 's'} on <strong>{appName}</strong>
        {startApproval ? ', waiting for an approval before the first one' : ''}:
      </p>
      <ol className={styles.summary}>
        {stages.map((s, i) => {
          const impact = impacts[i];
          return (
            <li key={s.id}>
              <strong>{s.name}</strong>:{' '}
              {impact
                ? `adds ${formatCount(impact.addedInstances)} instances in ${impact.newRegions.length} regions (cumulative ${formatPercent(impact.cumulativeShare)})`
                : ''}
              {s.approval ? ', then waits for approval' : ''}
            </li>
          );
        })}
      </ol>
    </ModalDialog>
  );
}
