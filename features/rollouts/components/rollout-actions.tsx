'use client';

import { useRef, useState } from 'react';
import { ModalDialog } from '@/components/ui/modal-dialog';
import { FormField } from '@/components/ui/form-field';
import { ApiError } from '@/lib/client/api-error';
import { rolloutActionBodySchema, type RolloutView } from '@/lib/contracts/rollouts';
import type { RolloutAction } from '@/lib/domain/rollout-states';
import { useCan, useViewerName } from '@/features/auth/viewer-context';
import { useRollbackPreview, useRolloutAction } from '@/features/rollouts/api/rollouts';
import { ACTION_HINTS, ACTION_LABELS } from '@/features/rollouts/model/rollout-display';
import styles from './rollout.module.css';

const DANGER: readonly RolloutAction[] = ['abort', 'rollback'];

/** Exactly the actions the server says the state admits, each behind a confirmation with a reason. */
export function RolloutActions({
  appId,
  view,
  selfApproval,
  headingId = 'actions-heading',
}: {
  appId: string;
  view: RolloutView;
  /** Whether the server lets the person who started a rollout approve it too. */
  selfApproval: boolean;
  /** Where the focus goes after an action whose button is gone. */
  headingId?: string;
}) {
  const canOperate = useCan('operator');
  // Four eyes: whoever started the rollout approves it only where the server allows that.
  const own = useViewerName() === view.createdBy;
  const canApprove = useCan('approver') && (selfApproval || !own);
  const [open, setOpen] = useState<RolloutAction | null>(null);
  const [done, setDone] = useState('');
  const buttons = useRef<Partial<Record<RolloutAction, HTMLButtonElement | null>>>({});
  if (view.actions.length === 0) return <p className="muted">No action is possible in this state.</p>;
  // Approving is the approver role's; every other action the operator's (roles are a set, not a ladder).
  const mine = view.actions.filter((a) => (a === 'approve' ? canApprove : canOperate));
  if (mine.length === 0)
    return (
      <p className="muted">
        Possible now: {view.actions.map((a) => ACTION_LABELS[a]).join(', ')}.{' '}
        {view.actions.includes('approve') && own && !selfApproval
          ? 'Another person must approve: you started this rollout.'
          : 'Your role allows none of them.'}
      </p>
    );
  return (
    <>
      {view.actions.includes('approve') && !mine.includes('approve') ? (
        <p className="muted" data-testid="approval-note">
          {own && !selfApproval
            ? 'Waiting for an approval by another person: you started this rollout.'
            : 'Waiting for an approval: approving needs the approver role.'}
        </p>
      ) : null}
      <div className={styles.actions}>
        {mine.map((action) => (
          <button
            key={action}
            ref={(el) => {
              buttons.current[action] = el;
            }}
            type="button"
            className={`btn ${DANGER.includes(action) ? 'btn-danger' : action === 'approve' ? 'btn-primary' : ''}`}
            onClick={() => {
              setDone('');
              setOpen(action);
            }}
          >
            {ACTION_LABELS[action]}…
          </button>
        ))}
      </div>
      <p className="muted" role="status">
        {done}
      </p>
      {open ? (
        <RolloutActionDialog
          appId={appId}
          rolloutId={view.rolloutId}
          action={open}
          onClose={(message) => {
            const action = open;
            setOpen(null);
            if (message) setDone(message);
            // Focus goes back where it was, or to the first action when that one is gone.
            requestAnimationFrame(() => {
              const el = buttons.current[action];
              (el?.isConnected ? el : document.getElementById(headingId))?.focus();
            });
          }}
        />
      ) : null}
    </>
  );
}

/** One rollout action's confirmation, with its reason: the rollout page's, and the version page's too. */
export function RolloutActionDialog({
  appId,
  rolloutId,
  action,
  onClose,
}: {
  appId: string;
  rolloutId: string;
  action: RolloutAction;
  onClose: (message?: string) => void;
}) {
  const [reason, setReason] = useState('');
  const [seconds, setSeconds] = useState('600');
  const [errors, setErrors] = useState<{ reason?: string; seconds?: string; form?: string }>({});
  const mutation = useRolloutAction(appId, rolloutId);
  const preview = useRollbackPreview(appId, rolloutId, action === 'rollback');
  const previewReady = action !== 'rollback' || preview.data !== undefined;

  function confirm() {
    const parsed = rolloutActionBodySchema.safeParse({
      reason,
      ...(action === 'extend-bake' ? { seconds: seconds.trim() === '' ? undefined : Number(seconds) } : {}),
    });
    if (!parsed.success) {
      const next: typeof errors = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[0] === 'seconds' ? 'seconds' : 'reason';
        next[key] ??= issue.message;
      }
      setErrors(next);
      return;
    }
    setErrors({});
    mutation.mutate(
      { action, body: parsed.data },
      {
        onSuccess: () => onClose(`${ACTION_LABELS[action]}: done. The page shows the new state.`),
        onError: (err) => {
          const api = err instanceof ApiError ? err : undefined;
          if (api?.status === 400 && api.issues.length > 0) {
            const next: typeof errors = {};
            for (const issue of api.issues) {
              const key = issue.path.startsWith('seconds')
                ? 'seconds'
                : issue.path.startsWith('reason')
                  ? 'reason'
                  : 'form';
              next[key] ??= issue.message;
            }
            setErrors(next);
          } else if (api?.status === 409) {
            setErrors({ form: `Not possible any more: ${api.message}` });
          } else setErrors({ form: err.message });
        },
      },
    );
  }

  return (
    <ModalDialog
      open
      title={`${ACTION_LABELS[action]}?`}
      onClose={() => !mutation.isPending && onClose()}
      footer={
        <>
          <button type="button" className="btn" onClick={() => onClose()} disabled={mutation.isPending}>
            Cancel
          </button>
          <button
            type="button"
            className={`btn ${DANGER.includes(action) ? 'btn-danger' : 'btn-primary'}`}
            onClick={confirm}
            disabled={mutation.isPending || !previewReady}
          >
            {mutation.isPending ? 'Sending…' : ACTION_LABELS[action]}
          </button>
        </>
      }
    >
      <div className="stack">
        <p>{ACTION_HINTS[action]}</p>
        {action === 'rollback' ? <RollbackPreviewList preview={preview} /> : null}
        <FormField id="action-reason" label="Reason (goes on the timeline)" error={errors.reason}>
          {(c) => (
            <textarea
              {...c}
              className="input"
              rows={3}
              maxLength={500}
              value={reason}
              data-autofocus
              onChange={(e) => setReason(e.target.value)}
            />
          )}
        </FormField>
        {action === 'extend-bake' ? (
          <FormField id="action-seconds" label="Bake longer by (s)" hint="At least 60" error={errors.seconds}>
            {(c) => (
              <input
                {...c}
                className="input"
                inputMode="numeric"
                value={seconds}
                onChange={(e) => setSeconds(e.target.value)}
              />
            )}
          </FormField>
        ) : null}
        <p className="field-error" role="alert">
          {errors.form}
        </p>
      </div>
    </ModalDialog>
  );
}

function RollbackPreviewList({ preview }: { preview: ReturnType<typeof useRollbackPreview> }) {
  if (preview.error)
    return (
      <p className="field-error" role="alert">
        The rollback preview could not be read: {preview.error.message}
      </p>
    );
  if (!preview.data) return <p className="muted">Reading what the rollback would do…</p>;
  const { stage, regions } = preview.data;
  return (
    <div data-testid="rollback-preview">
      <p>
        Stage <strong>{stage}</strong>, per region:
      </p>
      <ul className={styles.preview}>
        {regions.map((r) => (
          <li key={`${r.regionId}-${r.name}-${r.version}`}>
            <span className="mono">{r.regionId}</span>: {r.instances.length} instance
            {r.instances.length === 1 ? '' : 's'}{' '}
            {r.action === 'distribute'
              ? `get ${r.name} @ ${r.version} back`
              : `have ${r.name} @ ${r.version} removed (they had no earlier version)`}
          </li>
        ))}
      </ul>
    </div>
  );
}
