import 'server-only';
import type { historyResponseSchema } from '@/lib/contracts/monitoring';
import type { z } from 'zod';

/** A point as the API sends it (an ISO time; the browser's schema turns it into epoch ms). */
type WirePoint = z.input<typeof historyResponseSchema>['points'][number];
import { getDb } from '@/lib/db/server';
import { markViewed } from '@/lib/server/watcher/reads';

/** The version's snapshots since `since` (epoch ms), oldest first, for the progress chart. */
export async function getDistributionHistory(appId: string, name: string, version: string, since: number): Promise<{ points: WirePoint[] }> {
  const db = await getDb();
  const snapshots = await db.snapshots.history(appId, name, version, since);
  // A chart on screen is a viewer: keep the version swept so the chart keeps growing.
  markViewed({ appId, name, version });
  return { points: snapshots.map((s) => ({ t: new Date(s.t).toISOString(), counts: s.counts })) };
}
