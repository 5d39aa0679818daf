import { AttentionTally, type AttentionItem, type AttentionRow } from '@/lib/domain/attention';
import { successSeries } from '@/lib/domain/progress';
import { parseTime, reconstructTimed, TimedRows } from '@/lib/domain/reconstruct';
import { emptyCounts, statusFigures } from '@/lib/domain/status';
import { byRecentActivity, lastMoved, type VersionSummary } from '@/lib/domain/version-detail';
import { DIST_STATUSES, type DistStatus } from '@/lib/ens/models';
import { RowKeys } from '@/lib/ens/row-keys';
import type { DistRow } from '@/lib/ens/schemas';
import { yieldToLoop } from './next-read';

/** Rows per column chunk: columns grow a chunk at a time, never copied. */
const CHUNK = 4_096;
/** Rows finish() goes through between two pauses: a few milliseconds of work. */
const STEP = 8 * CHUNK;
const STATUS_CODE = new Map<DistStatus, number>(DIST_STATUSES.map((s, i) => [s, i]));

/**
 * One version's rows as the overview's summaries, trends and attention read them: the
 * status, the region and the two times parsed, 19 bytes a row in typed arrays.
 */
class VersionColumns {
  readonly summary: VersionSummary;
  length = 0;
  private readonly statuses: Uint8Array[] = [];
  private readonly regions: Uint16Array[] = [];
  private readonly starts: Float64Array[] = [];
  private readonly updates: Float64Array[] = [];

  constructor(name: string, version: string) {
    this.summary = {
      name,
      version,
      total: 0,
      counts: emptyCounts(),
      updatedAt: null,
      ...statusFigures(emptyCounts()),
    };
  }

  add(row: DistRow, region: number): void {
    const item = this.summary;
    item.total += 1;
    item.counts[row.status] += 1;
    const moved = lastMoved(row);
    if (item.updatedAt === null || moved > item.updatedAt) item.updatedAt = moved;
    const at = this.length % CHUNK;
    if (at === 0) {
      this.statuses.push(new Uint8Array(CHUNK));
      this.regions.push(new Uint16Array(CHUNK));
      this.starts.push(new Float64Array(CHUNK));
      this.updates.push(new Float64Array(CHUNK));
    }
    const chunk = this.statuses.length - 1;
    (this.statuses[chunk] as Uint8Array)[at] = STATUS_CODE.get(row.status) ?? 0;
    (this.regions[chunk] as Uint16Array)[at] = region;
    (this.starts[chunk] as Float64Array)[at] = parseTime(row.startTime);
    (this.updates[chunk] as Float64Array)[at] = parseTime(row.updateTime);
    this.length += 1;
  }

  /** Row `i` (in arrival order): its status, region code and times (NaN when unreadable). */
  read(i: number): { status: DistStatus; region: number; start: number; update: number } {
    const chunk = Math.floor(i / CHUNK);
    const at = i % CHUNK;
    const cell = this.cell;
    cell.status = DIST_STATUSES[(this.statuses[chunk] as Uint8Array)[at] as number] as DistStatus;
    cell.region = (this.regions[chunk] as Uint16Array)[at] as number;
    cell.start = (this.starts[chunk] as Float64Array)[at] as number;
    cell.update = (this.updates[chunk] as Float64Array)[at] as number;
    return cell;
  }

  /** What read() fills and returns, valid until its next call. */
  private readonly cell = { status: 'SUCCESS' as DistStatus, region: 0, start: 0, update: 0 };
}

export interface AppScanResult {
  /** As summarizeVersions gives them of the read's rows. */
  summaries: VersionSummary[];
  /** As instanceAttention gives them of the read's rows. */
  attention: AttentionItem[];
  /** Each version's rebuilt success curve, keyed `name\u0000version`. */
  trends: Map<string, number[]>;
}

/**
 * The overview's read of a whole application (every row of every version: a million
 * rows for 100,000 instances on eleven versions), taken a page at a time as ENS's pages
 * arrive instead of collecting the rows: what is kept of a row is its status, region
 * and times in typed arrays (see VersionColumns), so the page it came in dies young.
 *
 * The results are those of the rows fetchAllDistribution would give: pages are taken
 * in page order (one that arrives early waits for those before it), and a row of an
 * instance already seen for its version (rows shift between pages while a rollout
 * moves) is dropped, the first one in page order kept.
 */
export class AppScan {
  private readonly keys = new RowKeys();
  /** In the order each version's first row came. */
  private readonly versions = new Map<string, VersionColumns>();
  private readonly regionCodes = new Map<string, number>();
  /** Region ids by code; code 0 is no region. */
  private readonly regionIds: (string | undefined)[] = [undefined];
  private readonly early = new Map<number, readonly DistRow[]>();
  private next = 0;

  /** A page as it arrives (0-based index, any order). */
  addPage(index: number, rows: readonly DistRow[]): void {
    this.early.set(index, rows);
    for (let page = this.early.get(this.next); page; page = this.early.get(this.next)) {
      this.early.delete(this.next);
      this.next += 1;
      this.take(page);
    }
  }

  /**
   * The summaries, attention and trends of every row taken. A million rows take about
   * a second: `pause` is awaited between steps of a few milliseconds each (a turn of
   * the event loop by default), so requests are answered while it runs.
   */
  async finish(now: number, trendPoints: number, pause: () => Promise<void> = yieldToLoop): Promise<AppScanResult> {
    // Pages after a gap (none in a read that went well), in page order.
    for (const index of [...this.early.keys()].sort((a, b) => a - b)) this.take(this.early.get(index) ?? []);
    this.early.clear();
    const versions = [...this.versions.values()];
    for (const { summary } of versions) Object.assign(summary, statusFigures(summary.counts));
    const summaries = versions.map((v) => v.summary).sort(byRecentActivity);

    const trends = new Map<string, number[]>();
    for (const v of versions) {
      const timed = new TimedRows(now);
      for (let i = 0; i < v.length; i++) {
        if (i > 0 && i % STEP === 0) await pause();
        const { status, region, start, update } = v.read(i);
        timed.add(status, this.regionIds[region], start, update);
      }
      trends.set(
        `${v.summary.name}\u0000${v.summary.version}`,
        successSeries(reconstructTimed(timed, [], now, trendPoints).points),
      );
      await pause();
    }
    const attention = new AttentionTally(now);
    await this.eachRow(versions, (row) => attention.settle(row), pause);
    await this.eachRow(versions, (row) => attention.count(row), pause);
    return { summaries, attention: attention.items(), trends };
  }

  private take(rows: readonly DistRow[]): void {
    for (const row of rows) {
      if (!this.keys.add(row.name, row.version, row.instanceId)) continue;
      const id = `${row.name}\u0000${row.version}`;
      let columns = this.versions.get(id);
      if (!columns) this.versions.set(id, (columns = new VersionColumns(row.name, row.version)));
      columns.add(row, this.regionCode(row.regionId));
    }
  }

  private regionCode(regionId: string | undefined): number {
    if (regionId === undefined) return 0;
    let code = this.regionCodes.get(regionId);
    if (code === undefined) {
      code = this.regionIds.length;
      this.regionCodes.set(regionId, code);
      this.regionIds.push(regionId);
    }
    return code;
  }

  /** Every row to `visit` as one object filled anew for each (nothing is allocated per row), pausing every STEP rows. */
  private async eachRow(
    versions: readonly VersionColumns[],
    visit: (row: AttentionRow) => void,
    pause: () => Promise<void>,
  ): Promise<void> {
    const row: AttentionRow = {
      name: '',
      version: '',
      regionId: undefined,
      status: 'SUCCESS',
      start: null,
      update: null,
    };
    let since = 0;
    for (const v of versions) {
      row.name = v.summary.name;
      row.version = v.summary.version;
      for (let i = 0; i < v.length; i++) {
        if (++since === STEP) {
          since = 0;
          await pause();
        }
        const { status, region, start, update } = v.read(i);
        row.regionId = this.regionIds[region];
        row.status = status;
        row.start = Number.isNaN(start) ? null : start;
        row.update = Number.isNaN(update) ? null : update;
        visit(row);
      }
    }
  }
}
