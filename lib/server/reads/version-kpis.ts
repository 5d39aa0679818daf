import 'server-only';
import { getEnsClient } from '@/lib/ens/client';
import { cheapCountsUsable, countOneVersion, type VersionCounts } from '@/lib/ens/status-counts';
import { getDialect } from '@/lib/server/calibration';
import { cachedRead } from '@/lib/server/cache/reads';

/**
 * A version's headline numbers (total and counts by status) from one one-row call,
 * where calibration showed InstanceCount is the status group's total; null elsewhere
 * (the caller counts the rows). Coalesced and reused like every read, so the KPIs stay
 * live at every poll while the full sweep, paced, feeds the table and the charts.
 */
export async function cheapVersionCounts(appId: string, name: string, version: string): Promise<VersionCounts | null> {
  const dialect = await getDialect();
  if (!cheapCountsUsable(dialect)) return null;
  const read = await cachedRead('version-counts', JSON.stringify([appId, name, version]), () =>
    countOneVersion(getEnsClient(), { appId, name, version }, dialect),
  );
  return read.value;
}
