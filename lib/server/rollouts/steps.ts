import 'server-only';
import type { Db, NewPush, Push } from '@/lib/db';
import { attemptsOf, dispositionOf, recordedError } from '@/lib/server/pushes';

/*
 * Every ENS write of a rollout is a step with a deterministic idempotency key
 * (`rollout:<id>:<stage>:<what>:<attempt>`) recorded in the push audit log before ENS
 * is called. Running a step again finds the record and never calls ENS twice: a sent
 * step is done, a transient failure is retried under the same key, and a step whose
 * answer never came (a crash or a lost connection between the record and the answer)
 * is `unknown` and is left for a person.
 */

/** A pending record this old belongs to a process that is gone (a write's deadline is well below it). */
export const ABANDONED_AFTER_MS = 2 * 60_000;

export type StepOutcome<A> =
  | { status: 'sent'; push: Push; answer?: A }
  /** Still being sent by another process: look again next evaluation. */
  | { status: 'in-flight' }
  /** ENS refused for now (throttling, 5xx): the same key tries again next evaluation. */
  | { status: 'retry'; message: string }
  | { status: 'failed'; message: string }
  | { status: 'unknown'; message: string };

export function stepKey(rolloutId: string, stage: string | number, what: string, attempt: number): string {
  return `rollout:${rolloutId}:${stage}:${what}:${attempt}`;
}

export async function runStep<A extends { requestId: string; results: Push['resultCodes'] }>(
  db: Db,
  entry: NewPush,
  send: () => Promise<A>,
  /** The database's clock (the records' times), not ENS's. */
  now: () => number = Date.now,
): Promise<StepOutcome<A>> {
  const created = await db.pushes.createPending(entry);
  let push = created.push;
  if (!created.created) {
    switch (push.state) {
      case 'sent':
        return { status: 'sent', push };
      case 'unknown':
        return { status: 'unknown', message: push.error?.message ?? 'no answer arrived from ENS' };
      case 'pending': {
        if (now() - push.updatedAt < ABANDONED_AFTER_MS) return { status: 'in-flight' };
        const message = 'the process sending it stopped before ENS answered';
        await db.pushes.markUnknown(push.id, { message });
        return { status: 'unknown', message };
      }
      case 'failed': {
        const retryable = (push.error as { retryable?: unknown } | null)?.retryable === true;
        const reopened = retryable ? await db.pushes.reopenForRetry(push) : undefined;
        if (!reopened) return { status: 'failed', message: push.error?.message ?? 'ENS refused it' };
        push = reopened;
      }
    }
  }
  try {
    const answer = await send();
    const sent = await db.pushes.markSent(push.id, {
      requestId: answer.requestId,
      resultCodes: answer.results ?? [],
    });
    return { status: 'sent', push: sent ?? push, answer };
  } catch (error) {
    const recorded = recordedError(error, attemptsOf(push));
    const disposition = dispositionOf(error);
    if (disposition === 'unknown') {
      await db.pushes.markUnknown(push.id, recorded);
      return { status: 'unknown', message: recorded.message };
    }
    await db.pushes.markFailed(push.id, recorded);
    return disposition === 'transient'
      ? { status: 'retry', message: recorded.message }
      : { status: 'failed', message: recorded.message };
  }
}
