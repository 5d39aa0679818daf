/*
 * The events a channel can subscribe to, each with its severity. Isomorphic: the
 * settings page lists them, the server tags each outbox entry with them.
 */

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CHANNEL_KINDS = ['webhook', 'dingtalk', 'feishu', 'wecom', 'slack'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const NOTIFICATION_EVENTS = {
  'rollout.started': { severity: 'info', label: 'Rollout started' },
  'rollout.stage_passed': { severity: 'info', label: 'Stage passed' },
  'rollout.halted': { severity: 'critical', label: 'Stage halted (gate breached or a step failed)' },
  'rollout.awaiting_approval': { severity: 'warning', label: 'Awaiting approval' },
  'rollout.approval_timed_out': { severity: 'warning', label: 'Approval deadline passed' },
  'rollout.approved': { severity: 'info', label: 'Approved' },
  'rollout.promoted': { severity: 'info', label: 'Promoted' },
  'rollout.paused': { severity: 'warning', label: 'Paused' },
  'rollout.resumed': { severity: 'info', label: 'Resumed' },
  'rollout.aborted': { severity: 'warning', label: 'Aborted' },
  'rollout.rollback_started': { severity: 'warning', label: 'Rollback started' },
  'rollout.rolled_back': { severity: 'warning', label: 'Rolled back' },
  'rollout.rollback_failed': { severity: 'critical', label: 'Rollback failed' },
  'rollout.succeeded': { severity: 'info', label: 'Rollout succeeded' },
  'push.failed': { severity: 'critical', label: 'Push or distribution failed at ENS' },
  'version.failures_rising': { severity: 'warning', label: "A version's failures rising sharply" },
  'ens.unreachable': { severity: 'critical', label: 'ENS unreachable for longer than the threshold' },
  'ens.recovered': { severity: 'info', label: 'ENS reachable again' },
  test: { severity: 'info', label: 'Test message' },
} as const satisfies Record<string, { severity: Severity; label: string }>;

export type NotificationEventType = keyof typeof NOTIFICATION_EVENTS;
export const NOTIFICATION_EVENT_TYPES = Object.keys(NOTIFICATION_EVENTS) as NotificationEventType[];

export function severityOf(type: NotificationEventType): Severity {
  return NOTIFICATION_EVENTS[type].severity;
}

/** Whether a channel subscribed to `events` wants an event of `type` (a test always goes through). */
export function channelWants(events: readonly string[], type: string): boolean {
  return type === 'test' || events.includes('*') || events.includes(type);
}
