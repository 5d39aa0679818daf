import 'server-only';
import type { DistResultPage, EnsClient } from './client';
import {
  readDistributionPages,
  type DistributionFilter,
  type PagedReadOptions,
  type PagedReadResult,
} from './paged-read';
import type { DistRow } from './schemas';
import { RowKeys } from './row-keys';

export type { DistributionFilter } from './paged-read';
export type FetchAllOptions = PagedReadOptions;

export interface AllDistribution extends Omit<DistributionPages, 'uniqueRows' | 'pageSize'> {
  /** Unique by (name, version, instanceId), in the order ENS returned them. */
  rows: DistRow[];
}

export type DistributionPages = PagedReadResult;

/**
 * Every page of DescribeDataDistResult for a filter, handed to `onPage` as it arrives
 * (0-based index; pages after the first may arrive in any order), so a large read is
 * processed a page at a time between network waits instead of in one long block.
 * How the end is found and checked, whatever ENS's reading of its docs: paged-read.ts.
 */
export function forEachDistributionPage(
  client: EnsClient,
  filter: DistributionFilter,
  onPage: (index: number, rows: readonly DistRow[], page: DistResultPage) => void | Promise<void>,
  options: FetchAllOptions = {},
): Promise<DistributionPages> {
  return readDistributionPages(client, filter, onPage, options);
}

/** Every row of DescribeDataDistResult for a filter, in page order, each (file, version, instance) once. */
export async function fetchAllDistribution(
  client: EnsClient,
  filter: DistributionFilter,
  options: FetchAllOptions = {},
): Promise<AllDistribution> {
  const pages: (readonly DistRow[])[] = [];
  const {
    uniqueRows: _u,
    pageSize: _p,
    ...read
  } = await forEachDistributionPage(client, filter, (index, rows) => void (pages[index] = rows), options);
  // Rows can shift between pages while a rollout moves; the same instance must count once.
  const seen = new RowKeys();
  const rows: DistRow[] = [];
  for (const page of pages) {
    for (const row of page ?? []) if (seen.add(row.name, row.version, row.instanceId)) rows.push(row);
  }
  return { rows, ...read };
}
