import 'server-only';
import { sql } from 'kysely';
import { getDb } from '@/lib/db/server';
import { getMetrics } from './metrics';

const ROLLOUT_STATES = ['pending', 'running', 'paused', 'awaiting-approval', 'succeeded', 'failed', 'aborted'] as const;

/** The Prometheus text for /api/metrics, with the gauges read from the database refreshed first. */
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  const metrics = getMetrics();
  try {
    const db = await getDb();
    const rows = await db.kysely
      .selectFrom('rollouts')
      .select(['state', sql<number>`count(*)`.as('n')])
      .groupBy('state')
      .execute();
    const counts = new Map(rows.map((r) => [r.state, Number(r.n)]));
    // Every known state, zeros included, so a state's series never vanishes; unknown states are not labels.
    for (const state of ROLLOUT_STATES) metrics.rollouts.set({ state }, counts.get(state) ?? 0);
  } catch {
    // A scrape must answer even when the database does not; the gauge keeps its last values.
  }
  return { body: await metrics.registry.metrics(), contentType: metrics.registry.contentType };
}
