import type { DistRow } from '@/lib/domain/version-detail';
import type { VersionKey } from '@/lib/db';
import type { VersionAggregate } from './aggregate';

/** The leader's latest sweep of one version, kept in memory for the read routes. */
export interface SweepState {
  key: VersionKey;
  rows: readonly DistRow[];
  aggregate: VersionAggregate;
  /** Epoch ms the sweep's answer arrived. */
  fetchedAt: number;
  /** Swept every this many intervals (large versions less often; see sweepEvery). */
  every?: number;
  /** How long the sweep's read took: the next one may take as long to arrive. */
  readMs?: number;
}

export const versionId = (key: VersionKey) => JSON.stringify([key.appId, key.name, key.version]);

/**
 * What the watcher knows, per version. One per process, on globalThis: Next.js loads
 * the instrumentation hook (which runs the watcher) and the route bundles (which read
 * it) as separate module instances, and both must see the same map.
 */
export class WatchRegistry {
  private readonly states = new Map<string, SweepState>();

  get(key: VersionKey): SweepState | undefined {
    return this.states.get(versionId(key));
  }

  set(state: SweepState): void {
    this.states.set(versionId(state.key), state);
  }

  delete(key: VersionKey): void {
    this.states.delete(versionId(key));
  }

  /** Drops every version not in `keep` (expired or no longer wanted). */
  retain(keep: readonly VersionKey[]): void {
    const ids = new Set(keep.map(versionId));
    for (const id of this.states.keys()) if (!ids.has(id)) this.states.delete(id);
  }

  clear(): void {
    this.states.clear();
  }

  /**
   * The sweep while the next one is not overdue: younger than one interval past its
   * due time plus the time its read takes (two intervals for a quick version swept
   * every interval). Otherwise undefined, and the caller asks ENS.
   */
  fresh(key: VersionKey, now: number, intervalMs: number): SweepState | undefined {
    const state = this.get(key);
    return state && now - state.fetchedAt < ((state.every ?? 1) + 1) * intervalMs + (state.readMs ?? 0)
      ? state
      : undefined;
  }
}

const holder = globalThis as typeof globalThis & { __ensWatchRegistry?: WatchRegistry };

export function getWatchRegistry(): WatchRegistry {
  holder.__ensWatchRegistry ??= new WatchRegistry();
  return holder.__ensWatchRegistry;
}
