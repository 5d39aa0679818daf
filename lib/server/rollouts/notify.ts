import type { OutboxEntry, RolloutEvent, StoredRollout } from '@/lib/db';
import type { JsonValue } from '@/lib/db';
import { severityOf, type NotificationEventType } from '@/lib/domain/notifications';
import { notificationLink } from '@/lib/server/notifications/link';
import { Change, formatDuration } from './transitions';

/*
 * The notifications of a rollout's timeline entries, built from the change being
 * written (so each carries the state of that moment, never a later read) and written
 * to the outbox in the same transaction as the entries (rollout-repository.ts). Ids are
 * the rollout, the revision written and the entry's position: a write happens once per
 * revision, so a notification can never be enqueued twice.
 */

const TYPE_OF: Readonly<Record<string, NotificationEventType>> = {
  created: 'rollout.started',
  'stage-passed': 'rollout.stage_passed',
  halted: 'rollout.halted',
  breached: 'rollout.halted',
  'awaiting-approval': 'rollout.awaiting_approval',
  'approval-timed-out': 'rollout.approval_timed_out',
  approve: 'rollout.approved',
  promote: 'rollout.promoted',
  pause: 'rollout.paused',
  resume: 'rollout.resumed',
  abort: 'rollout.aborted',
  rollback: 'rollout.rollback_started',
  'rollback-started': 'rollout.rollback_started',
  'rolled-back': 'rollout.rolled_back',
  'rollback-failed': 'rollout.rollback_failed',
  succeeded: 'rollout.succeeded',
};

const TITLES: Readonly<Record<string, string>> = {
  'rollout.started': 'Rollout started',
  'rollout.stage_passed': 'Stage passed',
  'rollout.halted': 'Rollout halted',
  'rollout.awaiting_approval': 'Awaiting approval',
  'rollout.approval_timed_out': 'Approval deadline passed: paused',
  'rollout.approved': 'Approved',
  'rollout.promoted': 'Promoted',
  'rollout.paused': 'Paused',
  'rollout.resumed': 'Resumed',
  'rollout.aborted': 'Aborted',
  'rollout.rollback_started': 'Rolling back',
  'rollout.rolled_back': 'Rolled back',
  'rollout.rollback_failed': 'Rollback failed',
  'rollout.succeeded': 'Rollout succeeded',
};

export interface NotifyContext {
  /** Whether the creator may approve (ALLOW_SELF_APPROVAL, or no authentication). */
  selfApproval: boolean;
}

/** Outbox entries for `change.events`, written at `revision`. */
export function rolloutNotifications(change: Change, revision: number, context: NotifyContext): OutboxEntry[] {
  const entries: OutboxEntry[] = [];
  const personRollback = change.events.some((e) => e.action === 'rollback');
  change.events.forEach((event, position) => {
    const type = TYPE_OF[event.action];
    if (!type) return;
    // A person's rollback is the one to tell (who and why); the engine's entry that follows repeats it.
    if (event.action === 'rollback-started' && personRollback) return;
    entries.push(entry(change, event, type, `${change.stored.id}.${revision}.${position}`, context));
  });
  return entries;
}

/** The "rollout started" notification of a rollout just created. */
export function createdNotifications(stored: StoredRollout, event: RolloutEvent, context: NotifyContext) {
  const change = new Change(stored, event.at);
  return [entry(change, event, 'rollout.started', `${stored.id}.1.0`, context)];
}

function entry(
  change: Change,
  event: RolloutEvent,
  type: NotificationEventType,
  id: string,
  context: NotifyContext,
): OutboxEntry {
  const { stored, plan, progress } = change;
  const index = stageIndexOf(change, event);
  const stagePlan = index === null ? undefined : plan.stages[index];
  const stageProgress = index === null ? undefined : progress.stages[index];
  const files = plan.data.map((f) => `${f.name} ${f.version}`).join(', ');
  const payload: Record<string, JsonValue> = {
    id,
    type,
    severity: severityOf(type),
    occurredAt: new Date(event.at).toISOString(),
    appId: stored.appId,
    title: `${TITLES[type] ?? type}: ${files}`,
    text: event.reason,
    actor: event.actor,
    reason: event.reason,
    link: notificationLink(stored.appId, stored.id),
    rollout: {
      id: stored.id,
      state: change.state,
      files,
      createdBy: stored.createdBy,
      stage: stagePlan?.name ?? null,
      stageNumber: index === null ? null : index + 1,
      stages: plan.stages.length,
    },
  };
  const gate = type === 'rollout.halted' || type === 'rollout.stage_passed' ? stageProgress?.gate : undefined;
  if (gate) {
    payload.gate = {
      verdict: gate.verdict,
      sentence: gate.reason,
      population: stageProgress?.population ?? null,
      finished: gate.finished,
      failed: gate.failed,
      failureLimit: gate.failureLimit,
      finishedPct: gate.finishedPct,
      successPct: gate.successPct,
      stuck: gate.stuck,
      missing: gate.missing,
      counts: { ...gate.counts },
      evaluatedAt: new Date(gate.evaluatedAt).toISOString(),
    };
  }
  if (type === 'rollout.awaiting_approval') {
    payload.approvers = context.selfApproval
      ? 'anyone with the approver or admin role'
      : `anyone with the approver or admin role except ${stored.createdBy}, who created it`;
    if (stageProgress?.approvalDeadline !== undefined)
      payload.approvalDeadline = new Date(stageProgress.approvalDeadline).toISOString();
  }
  if (type === 'rollout.succeeded') {
    const tookMs = event.at - stored.createdAt;
    payload.timing = {
      startedAt: new Date(stored.createdAt).toISOString(),
      finishedAt: new Date(event.at).toISOString(),
      tookSeconds: Math.round(tookMs / 1000),
      took: formatDuration(tookMs),
      stages: plan.stages.map((s, i) => {
        const p = progress.stages[i];
        return {
          name: s.name,
          seconds:
            p?.startedAt !== undefined && p.passedAt !== undefined
              ? Math.round((p.passedAt - p.startedAt) / 1000)
              : null,
        };
      }),
    };
  }
  return {
    id,
    appId: stored.appId,
    type,
    severity: severityOf(type),
    occurredAt: event.at,
    payload,
  };
}

function stageIndexOf(change: Change, event: RolloutEvent): number | null {
  if (event.stage !== undefined) {
    const found = change.plan.stages.findIndex((s) => s.name === event.stage);
    if (found >= 0) return found;
  }
  return change.progress.currentStage;
}
