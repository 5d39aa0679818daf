import { join } from 'node:path';
import type { VersionKey } from '@/lib/db';
import { createEnsClient, type EnsClient, type EnsClientOptions } from '@/lib/ens/client';
import { fetchAllDistribution } from '@/lib/ens/fetch-all';
import type { DistRow } from '@/lib/ens/schemas';
import { readVersionRowsFrom } from '@/lib/server/reads/version-rows';
import type { RunningSimulator } from '@/lib/simulator';

/*
 * Shared by the watcher's tests: the real ENS client against a running simulator,
 * and the simulator's unsigned test controls. Not a test file itself.
 */

export function clientFor(sim: RunningSimulator, options: EnsClientOptions = {}): EnsClient {
  return createEnsClient(
    { endpoint: sim.endpoint, protocol: 'http', accessKeyId: sim.accessKeyId, accessKeySecret: sim.accessKeySecret },
    { retryBaseMs: 10, retryCapMs: 50, readTimeoutMs: 5_000, readDeadlineMs: 8_000, ...options },
  );
}

/**
 * What lib/services' loadVersionRows does, with an explicit client instead of the
 * configured one; each read shares its unchanged rows with the loader's last read.
 */
export function versionLoader(client: EnsClient): (key: VersionKey) => Promise<readonly DistRow[]> {
  const last = new Map<string, readonly DistRow[]>();
  return async (key) => {
    const id = JSON.stringify([key.appId, key.name, key.version]);
    const rows = await readVersionRowsFrom(client, key, last.get(id));
    last.set(id, rows);
    return rows;
  };
}

/**
 * The server's environment in live mode against the simulator, with its database in
 * `dir`: set before the server modules are imported, because lib/config parses it once.
 */
export function useLiveSimulator(sim: RunningSimulator, dir: string, extra: Record<string, string> = {}): void {
  Object.assign(process.env, {
    ENS_MODE: 'live',
    ENS_ENDPOINT: sim.endpoint,
    ENS_PROTOCOL: 'http',
    ALIBABA_CLOUD_ACCESS_KEY_ID: sim.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: sim.accessKeySecret,
    DATABASE_URL: `file:${join(dir, 'dashboard.db')}`,
    ...extra,
  });
}

export async function simControl<T = unknown>(sim: RunningSimulator, path: string, body?: unknown): Promise<T> {
  const init =
    body === undefined
      ? {}
      : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
  const res = await fetch(`${sim.url}/__sim/${path}`, init);
  if (!res.ok) throw new Error(`/__sim/${path} answered ${res.status}`);
  return (await res.json()) as T;
}

export async function upstreamCalls(sim: RunningSimulator, action: string): Promise<number> {
  const stats = await simControl<{ calls: Record<string, number> }>(sim, 'stats');
  return stats.calls[action] ?? 0;
}

export const advanceSimClock = (sim: RunningSimulator, seconds: number) =>
  simControl(sim, 'clock', { advanceSeconds: seconds });

/** A version of the app's first data file with instances still distributing (the seeded rollout). */
export async function findVersions(
  client: EnsClient,
  appId: string,
): Promise<{ inFlight?: VersionKey; settled?: VersionKey }> {
  const { rows } = await fetchAllDistribution(client, { appId });
  const byVersion = new Map<string, { key: VersionKey; disting: number; restarting: number }>();
  for (const row of rows) {
    const id = JSON.stringify([row.name, row.version]);
    const entry = byVersion.get(id) ?? {
      key: { appId, name: row.name, version: row.version },
      disting: 0,
      restarting: 0,
    };
    if (row.status === 'DISTING') entry.disting++;
    if (row.status === 'POD_RESTARTING') entry.restarting++;
    byVersion.set(id, entry);
  }
  const all = [...byVersion.values()];
  return {
    inFlight: all.find((v) => v.disting > 0)?.key,
    settled: all.find((v) => v.disting === 0 && v.restarting === 0)?.key,
  };
}

/** The application whose seeded rollout is in flight (the fleet's first app, wherever ListApplications puts it). */
export async function appWithRolloutInFlight(client: EnsClient): Promise<string> {
  for (const app of (await client.listApplications()).apps) {
    if ((await findVersions(client, app.appId)).inFlight) return app.appId;
  }
  throw new Error('no application of the simulator has a rollout in flight');
}
