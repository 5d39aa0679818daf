import type { Db, JsonValue, OutboxEntry } from '@/lib/db';
import { formatDuration } from '@/lib/domain/format';
import { severityOf, type NotificationEventType } from '@/lib/domain/notifications';
import { paths } from '@/lib/paths';
import { dashboardBaseUrl } from './link';

/*
 * "ENS unreachable for longer than a threshold, and back again", on the leader once per
 * tick from the health probe /api/health answers with. Unreachable since the first
 * failed probe of a run of failures; `ens.unreachable` once that run has lasted
 * `thresholdMs`, then `ens.recovered` (with how long it was down) at the first probe
 * that answers. A shorter outage sends nothing. ENS is shared by every application: each
 * application that has a channel gets its own copy (its channels choose whether they
 * want it); the ids carry the outage's start, so a copy is written once per outage.
 */

export interface Probe {
  reachable: boolean;
  /** What the failed probe said (an upstream error's message; never a secret). */
  error?: string;
}

export interface EnsReachabilityDeps {
  db: Db;
  probe(): Promise<Probe>;
  thresholdMs: number;
  now?: () => number;
}

export class EnsReachability {
  private downSince: number | null = null;
  private lastError: string | undefined;
  private notified = false;
  private readonly now: () => number;

  constructor(private readonly deps: EnsReachabilityDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** One probe; writes the notifications it calls for. Answers their type, if any. */
  async check(): Promise<NotificationEventType | null> {
    const probe = await this.deps.probe().catch((error: unknown) => ({
      reachable: false,
      error: error instanceof Error ? error.message : String(error),
    }));
    const at = this.now();
    if (!probe.reachable) {
      this.downSince ??= at;
      this.lastError = probe.error ?? this.lastError;
      if (this.notified || at - this.downSince < this.deps.thresholdMs) return null;
      await this.write('ens.unreachable', this.downSince, at);
      this.notified = true;
      return 'ens.unreachable';
    }
    const since = this.downSince;
    const wasNotified = this.notified;
    this.downSince = null;
    this.notified = false;
    this.lastError = undefined;
    if (since === null || !wasNotified) return null;
    await this.write('ens.recovered', since, at);
    return 'ens.recovered';
  }

  /** Forgets the outage (another replica leads now and probes on its own). */
  reset(): void {
    this.downSince = null;
    this.notified = false;
    this.lastError = undefined;
  }

  private async write(type: 'ens.unreachable' | 'ens.recovered', since: number, at: number): Promise<void> {
    const apps = await this.deps.db.notifications.appsWithChannels();
    const downMs = at - since;
    const entries = apps.map((appId): OutboxEntry => {
      const id = `${type}.${since}.${appId}`;
      const payload: JsonValue = {
        id,
        type,
        severity: severityOf(type),
        occurredAt: new Date(at).toISOString(),
        appId,
        title: type === 'ens.unreachable' ? 'ENS unreachable' : 'ENS reachable again',
        text:
          type === 'ens.unreachable'
            ? `The dashboard has not reached ENS for ${formatDuration(downMs)}${this.lastError ? `: ${this.lastError}` : ''}`
            : `ENS answers again after ${formatDuration(downMs)} unreachable`,
        link: `${dashboardBaseUrl()}${paths.app(appId)}`,
        ens: {
          reachable: type === 'ens.recovered',
          downSince: new Date(since).toISOString(),
          downSeconds: Math.round(downMs / 1000),
          thresholdSeconds: Math.round(this.deps.thresholdMs / 1000),
          ...(type === 'ens.unreachable' && this.lastError ? { error: this.lastError } : {}),
        },
      };
      return { id, appId, type, severity: severityOf(type), occurredAt: at, payload };
    });
    await this.deps.db.notifications.enqueue(entries);
  }
}
