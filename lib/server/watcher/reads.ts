import 'server-only';
import { getConfig } from '@/lib/config';
import type { StatusSnapshot, VersionKey } from '@/lib/db';
import { getDb } from '@/lib/db/server';
import { inFlightOf } from '@/lib/domain/status';
import { getWatchRegistry, type SweepState } from './registry';
import { SNAPSHOT_HEARTBEAT_MS } from './watcher';
import { VIEW_TTL_MS, ViewTracker } from './views';

/*
 * What the read services ask of the watcher. Server-only: it reads the configuration
 * and the process's database handle.
 */

const intervalMs = () => getConfig().WATCH_INTERVAL_SECONDS * 1000;

/** The leader's last sweep of this version, however old (to share rows with the next read). */
export function lastSweep(key: VersionKey): SweepState | undefined {
  return getWatchRegistry().get(key);
}

/** The leader's sweep of this version unless the next one is overdue; else undefined. */
export function freshSweep(key: VersionKey): SweepState | undefined {
  return getWatchRegistry().fresh(key, Date.now(), intervalMs());
}

const holder = globalThis as typeof globalThis & { __ensViewTracker?: ViewTracker };

/** Keeps the version watched while people look at it (throttled; never throws, never waits). */
export function markViewed(key: VersionKey): void {
  holder.__ensViewTracker ??= new ViewTracker(async (k) =>
    (await getDb()).watchTargets.touch(k, 'viewed', VIEW_TTL_MS),
  );
  void holder.__ensViewTracker.markViewed(key);
}

/**
 * For replicas that do not lead: the leader's latest snapshot when it is recent enough
 * to stand for "now". A snapshot is written on every change, and once a minute while
 * something is in flight; a quiet version's last snapshot may be old and is then not
 * trusted (the leader may be gone), so the caller asks ENS instead.
 */
export async function freshSnapshot(key: VersionKey): Promise<StatusSnapshot | undefined> {
  const snapshot = await (await getDb()).snapshots.latest(key.appId, key.name, key.version);
  if (!snapshot) return undefined;
  const age = Date.now() - snapshot.t;
  const limit = inFlightOf(snapshot.counts) > 0 ? SNAPSHOT_HEARTBEAT_MS + 2 * intervalMs() : 2 * intervalMs();
  return age < limit ? snapshot : undefined;
}
