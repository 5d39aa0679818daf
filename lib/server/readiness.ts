import 'server-only';
import { getDb } from '@/lib/db/server';
import { checkHealth } from '@/lib/server/health';
import { isDraining } from './shutdown';

/**
 * Readiness, for a load balancer: may this replica take traffic? Yes when the database
 * answers and its schema is this code's. ENS is reported but never makes a replica
 * unready: an ENS outage is every replica's, and taking them all out of the load
 * balancer would only hide the last good answers the dashboard can still serve.
 */
export interface Readiness {
  status: 'ready' | 'degraded' | 'not_ready';
  draining: boolean;
  database: { reachable: boolean; migrated: boolean; error?: string };
  ens: { reachable: boolean; latencyMs: number | null; error?: { code: string; message: string } };
  mode: 'simulator' | 'live';
}

export async function checkReadiness(): Promise<Readiness> {
  const draining = isDraining();
  const [database, health] = await Promise.all([
    getDb().then(
      (db) => db.checkReady(),
      () => ({ reachable: false, pendingMigrations: [] as string[], error: 'the database could not be opened' }),
    ),
    checkHealth(),
  ]);
  const migrated = database.reachable && database.pendingMigrations.length === 0;
  const ready = database.reachable && migrated && !draining;
  return {
    status: !ready ? 'not_ready' : health.ens.reachable ? 'ready' : 'degraded',
    draining,
    database: { reachable: database.reachable, migrated, ...(database.error ? { error: database.error } : {}) },
    ens: health.ens,
    mode: health.mode,
  };
}
