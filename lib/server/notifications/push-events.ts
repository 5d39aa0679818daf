import type { JsonValue, OutboxEntry, Push, RecordedError } from '@/lib/db';
import { severityOf } from '@/lib/domain/notifications';
import { paths } from '@/lib/paths';
import { dashboardBaseUrl } from './link';

/*
 * "Push or distribution failed at ENS": built from the push row as it is being written
 * (failed or unknown), in the same transaction. One per push, and one per region whose
 * distribution failed: the ids say which, so a retry of the same write adds nothing.
 */

export function pushFailedNotifications(
  push: Push,
  at: number,
  where: { phase: 'push' | 'distribution'; regionId?: string; error: RecordedError },
): OutboxEntry[] {
  const files = push.data.map((f) => `${f.name} ${f.version}`).join(', ');
  const first = push.data[0];
  const link = first ? paths.version(push.appId, first.name, first.version) : paths.history(push.appId);
  const unknown = push.state === 'unknown';
  const what = where.phase === 'push' ? (push.kind === 'distribution' ? 'Distribution' : 'Push') : 'Distribution';
  const region = where.regionId ? ` in ${where.regionId}` : '';
  const text = unknown
    ? `${what} of ${files}${region}: no answer from ENS (${where.error.message}); it may or may not have reached ENS`
    : `${what} of ${files}${region} failed at ENS: ${where.error.code ? `${where.error.code}: ` : ''}${where.error.message}`;
  const id = `push.${push.id}.${where.regionId ?? where.phase}`;
  const payload: JsonValue = {
    id,
    type: 'push.failed',
    severity: severityOf('push.failed'),
    occurredAt: new Date(at).toISOString(),
    appId: push.appId,
    title: `${what} failed: ${files}`,
    text,
    actor: push.actor,
    reason: where.error.message,
    link: `${dashboardBaseUrl()}${link}`,
    push: {
      id: push.id,
      kind: push.kind,
      state: push.state,
      files,
      phase: where.phase,
      regionId: where.regionId ?? null,
      errorCode: where.error.code ?? null,
      requestId: where.error.requestId ?? null,
    },
  };
  return [{ id, appId: push.appId, type: 'push.failed', severity: severityOf('push.failed'), occurredAt: at, payload }];
}
