import type { RolloutActionBody } from '@/lib/contracts/rollouts';
import type { Db, StoredRollout, VersionKey } from '@/lib/db';
import { checkAction, type RolloutAction } from '@/lib/domain/rollout-states';
import type { DistRow } from '@/lib/domain/version-detail';
import { HttpError } from '@/lib/server/http';
import { Change, formatDuration, plural } from './transitions';

/*
 * The manual actions, applied to a rollout read at one revision (service.ts writes it
 * back). They only edit the progress: an ENS write an action implies (a retry, a
 * rollback) is sent by the engine under its own idempotency key.
 */

type RowsOf = (key: VersionKey) => { rows: readonly DistRow[] } | undefined;

/**
 * One attempt at an action on the rollout as read: 409 naming the state when the state
 * does not admit it; undefined when somebody wrote since it was read (decide again).
 */
export async function performAction(
  db: Db,
  stored: StoredRollout,
  action: RolloutAction,
  body: RolloutActionBody,
  actor: string,
  rowsOf: RowsOf,
  now: number,
): Promise<StoredRollout | undefined> {
  const change = new Change(stored, now);
  const index = change.progress.currentStage;
  const stageState = index === null ? null : (change.progress.stages[index]?.state ?? null);
  const check = checkAction(action, change.state, stageState);
  if (!check.allowed) throw new HttpError(409, 'RolloutStateConflict', `${check.reason}.`);
  applyAction(change, action, body, actor, rowsOf);
  return db.rollouts.update(stored.id, stored.revision, {
    state: change.state,
    progress: change.progress,
    events: change.events,
    releaseNames: change.final,
  });
}

const DEFAULT_EXTEND_SECONDS = 600;

export function applyAction(
  change: Change,
  action: RolloutAction,
  body: RolloutActionBody,
  actor: string,
  rowsOf: RowsOf,
): void {
  const index = change.progress.currentStage;
  const stage = index === null ? undefined : change.stage(index);
  const reason = body.reason;
  switch (action) {
    case 'pause':
      change.state = 'paused';
      change.progress.stopReason = `Paused by ${actor}: ${reason}`;
      change.record(actor, 'pause', reason, index ?? undefined);
      return;
    case 'resume':
      resume(change, actor, reason);
      return;
    case 'approve':
      change.record(actor, 'approve', reason, index ?? undefined);
      change.state = 'running';
      change.progress.stopReason = undefined;
      if (index !== null && stage?.progress.state === 'awaiting-approval')
        change.passStage(index, actor, `Approved by ${actor}: ${reason}`);
      return;
    case 'promote':
      if (index === null) return;
      change.record(actor, 'promote', reason, index);
      change.passStage(index, actor, `Promoted by ${actor} before the bake ended: ${reason}`);
      return;
    case 'extend-bake': {
      if (index === null || !stage) return;
      const seconds = body.seconds ?? DEFAULT_EXTEND_SECONDS;
      stage.progress.bakeEndsAt = (stage.progress.bakeEndsAt ?? change.now) + seconds * 1000;
      change.record(actor, 'extend-bake', `Bake extended by ${formatDuration(seconds * 1000)}: ${reason}`, index);
      return;
    }
    case 'retry-failed': {
      if (index === null || !stage) return;
      const regions = failedRegions(change, index, rowsOf);
      if (regions.length === 0)
        throw new HttpError(409, 'NothingToRetry', `Stage ${stage.plan.name} has no failed instance to retry.`);
      stage.progress.retries += 1;
      stage.progress.retryRegions = regions;
      stage.progress.state = 'verifying';
      stage.progress.gate = stage.progress.gate && { ...stage.progress.gate, consecutiveBreaches: 0 };
      // The stuck timeout counts from the retry, not from the first distribution.
      stage.progress.distributedAt = change.now;
      change.state = 'running';
      change.progress.halt = undefined;
      change.progress.stopReason = undefined;
      change.record(
        actor,
        'retry-failed',
        `Retry of the failed instances of stage ${stage.plan.name} in ${plural(regions.length, 'region')} (${regions.join(', ')}): ${reason}`,
        index,
      );
      return;
    }
    case 'abort':
      change.state = 'aborted';
      change.progress.stopReason = `Aborted by ${actor}: ${reason}`;
      change.record(actor, 'abort', reason, index ?? undefined);
      return;
    case 'rollback': {
      const target = change.progress.rollback?.stage ?? index;
      if (target === null) return;
      change.state = 'rolling-back';
      change.progress.rollback = {
        stage: target,
        targets: change.progress.previous[String(target)] ?? [],
        sent: false,
        readAfter: 0,
        gate: null,
      };
      change.record(actor, 'rollback', `Rollback of stage ${change.stage(target).plan.name}: ${reason}`, target);
      return;
    }
  }
}

/** Resume: from a pause, carry on; from a halt, what makes sense for why it halted. */
function resume(change: Change, actor: string, reason: string): void {
  const index = change.progress.currentStage;
  const halt = change.progress.halt;
  change.record(actor, 'resume', reason, index ?? undefined);
  change.state = 'running';
  change.progress.halt = undefined;
  change.progress.stopReason = undefined;
  if (index === null || change.final) return;
  const { progress } = change.stage(index);
  switch (halt) {
    case 'breach':
      // A person looked at the failures and accepts them: the stage passes on their word.
      change.passStage(index, actor, `Gate overridden by ${actor}: ${reason}`);
      return;
    case 'pre-push':
      progress.prePushAttempt += 1;
      progress.state = 'pre-pushing';
      return;
    case 'unknown':
    case 'failed':
      // Sent again under a new key: the person checked ENS and asked for it.
      if (progress.state === 'pre-pushing') progress.prePushAttempt += 1;
      else if (progress.state === 'distributing') progress.distAttempt += 1;
      else if (progress.retryRegions) progress.retries += 1;
      return;
    case 'inconclusive':
      progress.unreadable = 0;
      return;
    case 'timeout':
      progress.distributedAt = change.now;
      return;
    case undefined:
      return;
  }
}

/** The stage's regions where instances failed (or are stuck): a retry goes there and nowhere else. */
function failedRegions(change: Change, index: number, rowsOf: RowsOf): string[] {
  const { plan } = change.stage(index);
  const mine = new Set(plan.newRegions);
  const failed = new Set<string>();
  for (const file of change.plan.data) {
    const held = rowsOf({ appId: change.stored.appId, name: file.name, version: file.version });
    for (const row of held?.rows ?? []) {
      if (row.regionId === undefined || !mine.has(row.regionId)) continue;
      if (row.status === 'FAILED' || row.status === 'DELETED') failed.add(row.regionId);
    }
  }
  return plan.newRegions.filter((r) => failed.has(r));
}
