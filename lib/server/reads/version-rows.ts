import 'server-only';
import { NextRead } from '@/lib/server/reads/next-read';
import type { EnsClient } from '@/lib/ens/client';
import { markCompleteness } from '@/lib/ens/completeness';
import type { EnsDialect } from '@/lib/ens/dialect';
import type { PagedReadResult } from '@/lib/ens/paged-read';
import { forEachDistributionPage } from '@/lib/ens/fetch-all';
import { getInstanceRegions } from '@/lib/ens/inventory';
import type { DistRow } from '@/lib/ens/schemas';

/**
 * Every instance row of one data file version, with regions attributed from the
 * application's inventory. Processed a page at a time as ENS answers, and sharing what
 * did not change with `previous`, the last read of the same version (see NextRead), so
 * a 100,000-row version neither blocks the event loop for long nor loses its sorted
 * views on every read. A page ENS answers with the same bytes as in that read is taken
 * from it without being parsed: a settled version's sweep parses nothing.
 */
export async function readVersionRowsFrom(
  client: EnsClient,
  key: { appId: string; name: string; version: string },
  previous?: readonly DistRow[],
  {
    pageSize = 1000,
    beforePage,
    dialect,
    onCapFound,
    onRead,
  }: {
    pageSize?: number;
    beforePage?: () => Promise<void>;
    dialect?: EnsDialect;
    onCapFound?: (cap: NonNullable<PagedReadResult['capFound']>) => void;
    /** How the pages went (how many were fetched, and recalled unparsed). */
    onRead?: (pages: PagedReadResult) => void;
  } = {},
): Promise<readonly DistRow[]> {
  const { appId, name, version } = key;
  // The inventory is read alongside the first page; its failure surfaces there.
  const regions = getInstanceRegions(client, appId);
  // Recalling a page needs the map at hand when its bytes arrive; until then pages are parsed.
  let regionsNow: ReadonlyMap<string, string> | undefined;
  regions.then(
    (map) => void (regionsNow = map),
    () => undefined,
  );
  const read = new NextRead(name, version, previous);
  const filter = { appId, dataNames: [name], dataVersions: [version] };
  const pages = await forEachDistributionPage(
    client,
    filter,
    async (index, rows, page) => read.addPage(index, rows, await regions, page),
    {
      pageSize,
      beforePage,
      dialect,
      recall: (fingerprint) => (regionsNow ? read.recall(fingerprint, regionsNow) : undefined),
    },
  );
  if (pages.capFound) onCapFound?.(pages.capFound);
  onRead?.(pages);
  // finish() may hand back the previous array; its mark is this read's.
  return markCompleteness(await read.finish(), pages);
}
