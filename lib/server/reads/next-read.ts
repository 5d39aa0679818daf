import type { DistResultPage } from '@/lib/ens/client';
import type { DescribeDataDistResultResult, DistRow } from '@/lib/ens/schemas';
import { comparator, indexByInstance, rowMemo, VIEW_CARRY_MS, type SortedView } from '@/lib/domain/row-views';
import { DetailTally } from '@/lib/domain/version-detail';
import type { InstanceSortKey } from '@/lib/domain/instance-columns';

const sameRow = (a: DistRow, b: DistRow, regionId: string | undefined) =>
  a.status === b.status &&
  a.updateTime === b.updateTime &&
  a.statusDescrip === b.statusDescrip &&
  a.startTime === b.startTime &&
  a.regionId === regionId;

/**
 * Strings of one read that many rows repeat (times, failure reasons, regions, statuses)
 * held once: each row of ENS's answer comes with its own copy of every string, and a
 * 100,000-row version holds few distinct values besides its instance ids.
 */
class Interned {
  private readonly pool = new Map<string, string>();

  of(value: string): string {
    const known = this.pool.get(value);
    if (known !== undefined) return known;
    this.pool.set(value, value);
    return value;
  }
}

/**
 * The row as kept for as long as the read is served: always the same two object shapes
 * (with and without a region), so the engine shares one hidden class among 100,000
 * rows, where a spread copy of a parsed row can make each row an object shape of its
 * own (about 300 bytes more per row); and every string but the instance id interned.
 */
function compactRow(
  row: DistRow,
  name: string,
  version: string,
  region: string | undefined,
  strings: Interned,
): DistRow {
  const statusDescrip = strings.of(row.statusDescrip);
  const startTime = strings.of(row.startTime);
  const updateTime = strings.of(row.updateTime);
  const status = strings.of(row.status) as DistRow['status'];
  if (region === undefined)
    return { name, version, instanceId: row.instanceId, status, statusDescrip, startTime, updateTime };
  const regionId = strings.of(region);
  return { name, version, instanceId: row.instanceId, regionId, status, statusDescrip, startTime, updateTime };
}

/**
 * The pages of one read by the fingerprint of ENS's bytes, each holding the rows this
 * read kept for it, so the next read can take a page answered with the same bytes
 * without parsing it. Only for the instance → region map the rows were attributed
 * with; only pages whose every row was kept as it came (this version, met once).
 */
interface PageMemo {
  regions: ReadonlyMap<string, string> | undefined;
  pages: Map<string, DescribeDataDistResultResult>;
}

// On globalThis, as rowMemo: the watcher and the routes are separate module instances,
// and either may make the read that follows the other's.
const memoHolder = globalThis as typeof globalThis & { __ensPageMemos?: WeakMap<readonly DistRow[], PageMemo> };
const pageMemos = (memoHolder.__ensPageMemos ??= new WeakMap());

/** Rows remapped between yields to the event loop while views are carried over. */
const SLICE = 8_192;
/** Lets the event loop run what waits (I/O, requests) before the next slice of work. */
export const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The next read of one version, built a page at a time as ENS's pages arrive, so a
 * 100,000-row read never holds the event loop for long. An instance met twice (rows
 * shift between pages while a rollout moves) counts once, and the detail is tallied
 * on the way.
 *
 * What did not change is shared with the previous read: an unchanged instance keeps
 * its row object, and when nothing changed at all `finish()` returns the previous
 * array itself, so its detail and sorted views stay valid. Otherwise the sorted views
 * people read in the last minute are carried over: the old order with the new rows
 * swapped in is nearly sorted, which the engine's merge sort finishes in about one
 * pass, where a fresh sort of 100,000 rows takes hundreds of milliseconds.
 */
export class NextRead {
  private readonly before: ReadonlyMap<string, DistRow> | undefined;
  private readonly after = new Map<string, DistRow>();
  private readonly pages: DistRow[][] = [];
  /** Instances the previous read did not have, in arrival order. */
  private readonly added: DistRow[] = [];
  private readonly tally = new DetailTally();
  private readonly strings = new Interned();
  private readonly memo: PageMemo = { regions: undefined, pages: new Map() };
  private unchanged = 0;

  constructor(
    private readonly name: string,
    private readonly version: string,
    private readonly previous: readonly DistRow[] | undefined,
  ) {
    this.before = previous && previous.length > 0 ? indexByInstance(previous) : undefined;
  }

  /**
   * The previous read's page whose bytes had this fingerprint, as that read kept it: what
   * parsing the same bytes again would give, when the instances' regions are still
   * attributed from the same map (`regions`, the inventory's as this read has it now).
   */
  recall(
    fingerprint: string,
    regions: ReadonlyMap<string, string> | undefined,
  ): DescribeDataDistResultResult | undefined {
    const memo = this.previous ? pageMemos.get(this.previous) : undefined;
    if (!memo || memo.regions !== regions) return undefined;
    return memo.pages.get(fingerprint);
  }

  /**
   * One page of ENS's answer (0-based index, any order). `regions` (the inventory's
   * instance → region) attributes regions here, as attachRegions would, without a copy
   * of the page in between. `page`, the answer the rows came in, is remembered by its
   * fingerprint for the next read's `recall`.
   */
  addPage(index: number, rows: readonly DistRow[], regions?: ReadonlyMap<string, string>, page?: DistResultPage): void {
    const out: DistRow[] = [];
    for (const row of rows) {
      // ENS answered more than was asked: not this version's row.
      if (row.name !== this.name || row.version !== this.version) continue;
      if (this.after.has(row.instanceId)) continue;
      const regionId = regions?.get(row.instanceId) ?? row.regionId;
      const old = this.before?.get(row.instanceId);
      let kept: DistRow;
      if (old !== undefined && sameRow(old, row, regionId)) {
        kept = old;
        this.unchanged += 1;
      } else {
        // The parsed row is dropped here, young: only the compact copy lives on.
        kept = compactRow(row, this.name, this.version, regionId, this.strings);
        if (old === undefined) this.added.push(kept);
      }
      // Keyed by the kept row's own id string: the parsed one dies with its page.
      this.after.set(kept.instanceId, kept);
      this.tally.add(kept);
      out.push(kept);
    }
    this.pages[index] = out;
    this.remember(page, out, rows.length, regions);
  }

  private remember(
    page: DistResultPage | undefined,
    kept: DistRow[],
    delivered: number,
    regions: ReadonlyMap<string, string> | undefined,
  ): void {
    // A page that lost a row (another version's, or an instance met on another page)
    // would not stand for its bytes.
    if (page?.fingerprint === undefined || kept.length !== delivered) return;
    if (this.memo.pages.size > 0 && this.memo.regions !== regions) {
      this.memo.pages.clear();
      return;
    }
    this.memo.regions = regions;
    const { fingerprint: _fingerprint, recalled: _recalled, ...answer } = page;
    this.memo.pages.set(page.fingerprint, { ...answer, rows: kept });
  }

  /** The read's rows in page order (or the previous array when nothing changed). */
  async finish(now = Date.now()): Promise<readonly DistRow[]> {
    const previous = this.previous;
    if (previous && this.unchanged === previous.length && this.after.size === previous.length) {
      pageMemos.set(previous, this.memo);
      return previous;
    }
    const rows = this.pages.flat();
    pageMemos.set(rows, this.memo);
    rowMemo.byInstance.set(rows, this.after);
    rowMemo.details.set(rows, this.tally.detail(this.name, this.version));
    const views = previous ? rowMemo.views.get(previous) : undefined;
    if (views) rowMemo.views.set(rows, await this.carry(views, now));
    return rows;
  }

  private async carry(views: ReadonlyMap<string, SortedView>, now: number): Promise<Map<string, SortedView>> {
    const carried = new Map<string, SortedView>();
    for (const [viewKey, view] of views) {
      if (now - view.usedAt > VIEW_CARRY_MS) continue;
      const [key, order] = viewKey.split(':') as [InstanceSortKey, 'asc' | 'desc'];
      const rows: DistRow[] = [];
      for (let i = 0; i < view.rows.length; i++) {
        if (i > 0 && i % SLICE === 0) await yieldToLoop();
        // The current row of each instance, in the old order; an instance that is gone has none.
        const row = this.after.get((view.rows[i] as DistRow).instanceId);
        if (row) rows.push(row);
      }
      for (const row of this.added) rows.push(row);
      carried.set(viewKey, { rows: rows.sort(comparator(key, order)), usedAt: view.usedAt });
      await yieldToLoop();
    }
    return carried;
  }
}
