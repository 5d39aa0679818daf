import 'server-only';
import type { DescribeDataDistResultInput, EnsClient } from './client';
import type { DistRow } from './schemas';

export type DistributionFilter = Omit<DescribeDataDistResultInput, 'pageNumber' | 'pageSize'>;

export interface FetchAllOptions {
  /** Pages in flight at once after the first (default 4). */
  concurrency?: number;
  /** Rows asked per page (default 500). */
  pageSize?: number;
  /** Awaited before each page after the first: lets background reads yield to requests. */
  beforePage?: () => Promise<void>;
}

export interface AllDistribution {
  /** Unique by (name, version, instanceId), in the order ENS returned them. */
  rows: DistRow[];
  /** Upstream pages fetched. */
  pages: number;
  /** ENS's TotalCount when it reported one. */
  totalCount?: number;
}

// A runaway guard: 100,000 instances × a few versions at 500 a page stays far below it.
const MAX_PAGES = 2_000;

export interface DistributionPages {
  /** Upstream pages fetched. */
  pages: number;
  /** ENS's TotalCount when it reported one. */
  totalCount?: number;
}

/**
 * Every page of DescribeDataDistResult for a filter, handed to `onPage` as it arrives
 * (0-based index; pages after the first may arrive in any order), so a large read is
 * processed a page at a time between network waits instead of in one long block.
 * Page 1 first, to learn TotalCount; then the remaining pages with bounded
 * concurrency. Works whether the service pages or not: without TotalCount, or when
 * page 1 already holds everything, it stops there.
 */
export async function forEachDistributionPage(
  client: EnsClient,
  filter: DistributionFilter,
  onPage: (index: number, rows: readonly DistRow[]) => void | Promise<void>,
  { concurrency = 4, pageSize = 500, beforePage }: FetchAllOptions = {},
): Promise<DistributionPages> {
  const first = await client.describeDataDistResult({ ...filter, pageNumber: 1, pageSize });
  const total = first.totalCount;
  const size = first.pageSize && first.pageSize > 0 ? first.pageSize : pageSize;
  // Only the ratio TotalCount / PageSize matters, so this holds whatever ENS counts as an
  // "entry" (instance row or file version, docs/ens.md §1.9) as long as both use the same unit.
  const pageCount = total === undefined || first.rows.length >= total ? 1 : Math.min(Math.ceil(total / size), MAX_PAGES);
  await onPage(0, first.rows);

  let next = 2;
  const worker = async () => {
    while (next <= pageCount) {
      if (beforePage) await beforePage();
      if (next > pageCount) break;
      const n = next++;
      const answer = await client.describeDataDistResult({ ...filter, pageNumber: n, pageSize });
      await onPage(n - 1, answer.rows);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, pageCount - 1)) }, worker));
  return { pages: pageCount, totalCount: total };
}

/** Every row of DescribeDataDistResult for a filter, in page order, each (file, version, instance) once. */
export async function fetchAllDistribution(client: EnsClient, filter: DistributionFilter, options: FetchAllOptions = {}): Promise<AllDistribution> {
  const pages: (readonly DistRow[])[] = [];
  const { pages: pageCount, totalCount } = await forEachDistributionPage(client, filter, (index, rows) => void (pages[index] = rows), options);
  // Rows can shift between pages while a rollout moves; the same instance must count once.
  const seen = new Set<string>();
  const rows: DistRow[] = [];
  for (const page of pages) {
    for (const row of page ?? []) {
      const key = `${row.name}\u0000${row.version}\u0000${row.instanceId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push(row);
    }
  }
  return { rows, pages: pageCount, totalCount };
}
