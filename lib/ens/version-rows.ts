import 'server-only';
import { NextRead } from '@/lib/distribution/next-read';
import type { EnsClient } from './client';
import { forEachDistributionPage } from './fetch-all';
import { getInstanceRegions } from './inventory';
import type { DistRow } from './schemas';

/**
 * Every instance row of one data file version, with regions attributed from the
 * application's inventory. Processed a page at a time as ENS answers, and sharing what
 * did not change with `previous`, the last read of the same version (see NextRead), so
 * a 100,000-row version neither blocks the event loop for long nor loses its sorted
 * views on every read.
 */
export async function readVersionRowsFrom(
  client: EnsClient,
  key: { appId: string; name: string; version: string },
  previous?: readonly DistRow[],
  { pageSize = 1000, beforePage }: { pageSize?: number; beforePage?: () => Promise<void> } = {},
): Promise<readonly DistRow[]> {
  const { appId, name, version } = key;
  const reading = getInstanceRegions(client, appId).then((regions) => new NextRead(name, version, previous, regions));
  // The inventory is read alongside the first page; its failure must not go unhandled meanwhile.
  reading.catch(() => undefined);
  const filter = { appId, dataNames: [name], dataVersions: [version] };
  await forEachDistributionPage(client, filter, async (index, rows) => (await reading).addPage(index, rows), { pageSize, beforePage });
  return (await reading).finish();
}
