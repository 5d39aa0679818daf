import 'server-only';
import type { DescribeDataDistResultInput, DistResultPage, EnsClient, RecallPage } from './client';
import { pageSizeFor, UNKNOWN_DIALECT, type EnsDialect } from './dialect';
import { EnsError } from './errors';
import type { DistRow } from './schemas';
import { RowKeys } from './row-keys';

export type DistributionFilter = Omit<DescribeDataDistResultInput, 'pageNumber' | 'pageSize'>;

export interface PagedReadOptions {
  /** Pages in flight at once (default 4). */
  concurrency?: number;
  /** Rows wanted per page (default 500); never above the dialect's cap. */
  pageSize?: number;
  /** Awaited before each page after the first: lets background reads yield to requests. */
  beforePage?: () => Promise<void>;
  /** What calibration found; unknown by default, and then only what can be checked is trusted. */
  dialect?: EnsDialect;
  /** Pages already parsed, by fingerprint: one answered with the same bytes is not parsed again. */
  recall?: RecallPage;
}

export interface PagedReadResult {
  /** Upstream pages fetched. */
  pages: number;
  /** Of those, pages answered with the same bytes as a page `recall` held, and not parsed again. */
  recalledPages: number;
  /** ENS's TotalCount when it reported one (its unit: the dialect's). */
  totalCount?: number;
  /** Distinct (name, version, instance) rows seen. */
  uniqueRows: number;
  /** The PageSize in effect at the end (a cap found on the way lowers it). */
  pageSize: number;
  /** Whether the read is shown to hold every row: it ended on a short or empty page, and TotalCount (where its unit is rows) agrees. */
  complete: boolean;
  /** Why it is not, for people. */
  incompleteReason?: string;
  /** A page-size cap this read ran into, so calibration can learn it. */
  capFound?: { size: number; mode: 'reject' | 'silent' | 'echo' };
}

// A runaway guard: 100,000 instances × a few versions at 100 a page stays below it.
const MAX_PAGES = 5_000;
/** Sizes tried, largest first, when ENS rejects a PageSize. */
const FALLBACK_SIZES = [500, 100, 50, 20, 10] as const;

const isPageSizeRejection = (err: unknown) => err instanceof EnsError && err.code === 'InvalidParameter.PageSize';

/**
 * Every page of DescribeDataDistResult for a filter, handed to `onPage` as it arrives
 * (0-based index; pages may arrive out of order), verifying on the way that nothing
 * was missed, whichever reading of the docs the service follows:
 * - a rejected PageSize is retried smaller; an echoed smaller PageSize is adopted;
 * - a first page shorter than asked is the end only when TotalCount, in rows, says so;
 *   otherwise page 2 is asked, and if it holds rows the short page was a silent cap,
 *   which is adopted (a calibration saying "no cap" is not trusted for this: it may be
 *   a day old, and a silent cap must never pass for the end);
 * - the read ends on a short or empty page, never on TotalCount / PageSize alone;
 *   TotalCount only plans how many pages to ask at once, and is checked against the
 *   distinct rows seen only where calibration showed it counts rows.
 * A read that cannot be shown whole says so (`complete: false`) instead of failing.
 */
export async function readDistributionPages(
  client: EnsClient,
  filter: DistributionFilter,
  onPage: (index: number, rows: readonly DistRow[], page: DistResultPage) => void | Promise<void>,
  { concurrency = 4, pageSize = 500, beforePage, dialect = UNKNOWN_DIALECT, recall }: PagedReadOptions = {},
): Promise<PagedReadResult> {
  const seen = new RowKeys();
  let pages = 0;
  let recalledPages = 0;
  let capFound: PagedReadResult['capFound'];
  let size = pageSizeFor(pageSize, dialect);

  const fetch = async (pageNumber: number, asked: number): Promise<DistResultPage> => {
    const answer = await client.describeDataDistResult({ ...filter, pageNumber, pageSize: asked }, recall);
    pages++;
    if (answer.recalled) recalledPages++;
    return answer;
  };
  const deliver = async (index: number, page: DistResultPage) => {
    for (const row of page.rows) seen.add(row.name, row.version, row.instanceId);
    await onPage(index, page.rows, page);
  };

  // Page 1, stepping down while the size is rejected.
  let first: DistResultPage;
  for (;;) {
    try {
      first = await fetch(1, size);
      break;
    } catch (err) {
      const smaller = FALLBACK_SIZES.find((s) => s < size);
      if (!isPageSizeRejection(err) || smaller === undefined) throw err;
      capFound = { size: smaller, mode: 'reject' };
      size = smaller;
    }
  }
  const total = first.totalCount;
  const firstCount = first.rows.length;
  // A TotalCount below the rows of one page is no row count, whatever calibration said.
  const rowsTotal = dialect.totalCountUnit === 'rows' && total !== undefined && total >= firstCount ? total : undefined;
  if (first.pageSize !== undefined && first.pageSize < size && firstCount <= first.pageSize && first.pageSize > 0) {
    // ENS said it serves fewer per page than asked.
    capFound = { size: first.pageSize, mode: 'echo' };
    size = first.pageSize;
  }
  await deliver(0, first);

  const result = (complete: boolean, incompleteReason?: string): PagedReadResult => {
    let ok = complete;
    let reason = incompleteReason;
    if (ok && rowsTotal !== undefined && seen.size < rowsTotal) {
      ok = false;
      reason = `${seen.size} of the ${rowsTotal} rows ENS counts were read`;
    }
    return {
      pages,
      recalledPages,
      totalCount: total,
      uniqueRows: seen.size,
      pageSize: size,
      complete: ok,
      ...(reason ? { incompleteReason: reason } : {}),
      ...(capFound ? { capFound } : {}),
    };
  };

  if (firstCount === 0) return result(true);
  let next = 2;
  if (firstCount < size) {
    // Only a row count proves it: a calibration saying "no cap" may be a day old.
    if (rowsTotal !== undefined && firstCount >= rowsTotal) return result(true);
    // The end, or a cap that cut the page silently: page 2 tells.
    if (beforePage) await beforePage();
    const second = await fetch(2, size);
    if (second.rows.length === 0) return result(true);
    capFound = { size: firstCount, mode: 'silent' };
    size = firstCount;
    await deliver(1, second);
    if (second.rows.length < size) return result(true);
    next = 3;
  }

  // The remaining pages: as many as TotalCount suggests at once, then on until a short page.
  const planned =
    total !== undefined && dialect.totalCountUnit !== 'results' ? Math.min(Math.ceil(total / size), MAX_PAGES) : 0;
  // Rows per page number, every page of this read.
  const counts = new Map<number, number>([[1, firstCount]]);
  if (next === 3) counts.set(2, size);
  const runPages = async (from: number, to: number) => {
    let cursor = from;
    const worker = async () => {
      while (cursor <= to) {
        if (beforePage) await beforePage();
        if (cursor > to) break;
        const n = cursor++;
        const answer = await fetch(n, size);
        counts.set(n, answer.rows.length);
        await deliver(n - 1, answer);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, to - from + 1)) }, worker));
  };
  /** After pages up to `to`: undefined to go on, else how the read ended. */
  const outcome = (to: number): PagedReadResult | undefined => {
    if ((counts.get(to) ?? 0) >= size) return undefined;
    // A short page followed by rows: rows moved between pages while they were read.
    for (let n = 1; n < to; n++) {
      if ((counts.get(n) ?? 0) >= size) continue;
      for (let m = n + 1; m <= to; m++) {
        if ((counts.get(m) ?? 0) > 0)
          return result(false, `page ${n} came back short while page ${m} held rows: rows moved during the read`);
      }
    }
    return result(true);
  };
  if (planned >= next) {
    await runPages(next, planned);
    const ended = outcome(planned);
    if (ended) return ended;
    // Every planned page was full: TotalCount in rows can prove the end without another call.
    if (rowsTotal !== undefined && seen.size >= rowsTotal) return result(true);
    next = planned + 1;
  }
  while (next <= MAX_PAGES) {
    const to = Math.min(MAX_PAGES, next + Math.max(1, concurrency) - 1);
    await runPages(next, to);
    const ended = outcome(to);
    if (ended) return ended;
    next = to + 1;
  }
  return result(false, `stopped after ${MAX_PAGES} pages`);
}
