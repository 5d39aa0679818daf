import 'server-only';
import type { StatusCounts } from '@/lib/db';
import { getDb } from '@/lib/db/server';
import { markViewed } from '@/lib/server/watcher/reads';

export interface HistoryPoint {
  t: string;
  counts: StatusCounts;
}

/** The version's snapshots since `since` (epoch ms), oldest first, for the progress chart. */
export async function getDistributionHistory(appId: string, name: string, version: string, since: number): Promise<{ points: HistoryPoint[] }> {
  const db = await getDb();
  const snapshots = await db.snapshots.history(appId, name, version, since);
  // A chart on screen is a viewer: keep the version swept so the chart keeps growing.
  markViewed({ appId, name, version });
  return { points: snapshots.map((s) => ({ t: new Date(s.t).toISOString(), counts: s.counts })) };
}
