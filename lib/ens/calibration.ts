import 'server-only';
import type { EnsClient } from './client';
import { pageSizeFor, type EnsDialect } from './dialect';
import { EnsError } from './errors';
import { readDistributionPages } from './paged-read';
import type { DescribeDataDistResultResult } from './schemas';

/*
 * Calibration: a few read-only DescribeDataDistResult calls that decide how this
 * endpoint reads the docs' open questions (docs/ens-dialects.md). Never a write.
 */

export interface CalibrationReport {
  dialect: EnsDialect;
  /** The application probed; absent when no application has distribution data. */
  appId?: string;
  /** Upstream calls the probes made. */
  calls: number;
  /** Rows seen whose UpdateTime precedes their StartTime (the docs' example has one). */
  timeSkewSeen: boolean;
  /** Anything unexpected, for people. */
  notes: string[];
}

export interface CalibrationOptions {
  /** The PageSize reads want (ENS_PAGE_SIZE): the size whose treatment matters. */
  probeSize?: number;
  /** Applications to probe; default: the first page of ListApplications. */
  appIds?: readonly string[];
}

/** A version of at most this many pages is read whole to confirm InstanceCount totals. */
const MAX_CONFIRM_PAGES = 20;

/** The client, counting its DescribeDataDistResult calls into the report. */
function countingClient(client: EnsClient, count: () => void): EnsClient {
  return {
    ...client,
    describeDataDistResult: (input, recall) => {
      count();
      return client.describeDataDistResult(input, recall);
    },
  };
}

const isPageSizeRejection = (err: unknown) => err instanceof EnsError && err.code === 'InvalidParameter.PageSize';
const sumCounts = (page: DescribeDataDistResultResult, index = 0) =>
  Object.values(page.summaries[index]?.counts ?? {}).reduce((a, b) => a + b, 0);

export async function calibrate(
  client: EnsClient,
  { probeSize = 1000, appIds }: CalibrationOptions = {},
): Promise<CalibrationReport> {
  let calls = 0;
  const notes: string[] = [];
  let timeSkewSeen = false;
  const page = async (input: Parameters<EnsClient['describeDataDistResult']>[0]) => {
    calls++;
    const answer = await client.describeDataDistResult(input);
    if (answer.rows.some((r) => r.updateTime !== '' && r.startTime !== '' && r.updateTime < r.startTime))
      timeSkewSeen = true;
    return answer;
  };
  const dialect: EnsDialect = {
    pageCap: null,
    pageCapMode: 'unknown',
    honouredUpTo: null,
    totalCountUnit: 'unknown',
    instanceCountScope: 'unknown',
  };

  // 1. An application with distribution rows: its first one-row page.
  let candidates = appIds;
  if (!candidates) {
    calls++;
    candidates = (await client.listApplications({ pageNumber: 1, pageSize: 20 })).apps.map((a) => a.appId);
  }
  let appId: string | undefined;
  let single: DescribeDataDistResultResult | undefined;
  for (const id of candidates.slice(0, 10)) {
    const answer = await page({ appId: id, pageNumber: 1, pageSize: 1 });
    if (answer.rows.length > 0) {
      appId = id;
      single = answer;
      break;
    }
  }
  if (!appId || !single) {
    notes.push(
      'No application has distribution rows: nothing to calibrate against; reads check everything themselves until the next calibration.',
    );
    return { dialect, calls, timeSkewSeen, notes };
  }
  if (single.rows.length > 1) notes.push(`PageSize=1 returned ${single.rows.length} rows.`);

  // 2. TotalCount's unit, app-wide: in rows, row number TotalCount exists and the next does not.
  const appTotal = single.totalCount;
  if (appTotal === undefined) notes.push('DescribeDataDistResult sends no TotalCount.');
  else {
    const last = await page({ appId, pageNumber: Math.max(1, appTotal), pageSize: 1 });
    const after = await page({ appId, pageNumber: appTotal + 1, pageSize: 1 });
    if (last.rows.length > 0 && after.rows.length === 0) dialect.totalCountUnit = 'rows';
    else if (after.rows.length > 0) {
      // More rows than TotalCount: it counts something coarser. File versions, if one version's TotalCount is 1 over several rows.
      const version = single.summaries[0];
      const filter = {
        appId,
        dataNames: version ? [version.name] : [],
        dataVersions: version ? [version.version] : [],
      };
      const one = await page({ ...filter, pageNumber: 1, pageSize: 1 });
      const more = await page({ ...filter, pageNumber: 2, pageSize: 1 });
      if (one.totalCount === 1 && more.rows.length > 0) dialect.totalCountUnit = 'results';
      else
        notes.push(
          `TotalCount ${appTotal} counts neither instance rows nor file versions (one version's TotalCount: ${one.totalCount ?? 'none'}).`,
        );
    } else notes.push(`TotalCount ${appTotal} is more than the rows there are.`);
  }

  // 3. The page-size cap: the size reads want, on the application's rows.
  try {
    const big = await page({ appId, pageNumber: 1, pageSize: probeSize });
    const got = big.rows.length;
    if (big.pageSize !== undefined && big.pageSize < probeSize) {
      Object.assign(dialect, { pageCap: big.pageSize, pageCapMode: 'echo', honouredUpTo: big.pageSize });
    } else if (got >= probeSize) {
      Object.assign(dialect, { pageCapMode: 'none', honouredUpTo: probeSize });
    } else {
      const second = await page({ appId, pageNumber: 2, pageSize: probeSize });
      if (second.rows.length > 0) Object.assign(dialect, { pageCap: got, pageCapMode: 'silent', honouredUpTo: got });
      else
        notes.push(
          `The probed application has fewer than ${probeSize} rows: whether ENS caps PageSize below that is not decided; reads check it themselves.`,
        );
    }
  } catch (err) {
    if (!isPageSizeRejection(err)) throw err;
    const cap = await largestAccepted(page, appId, probeSize);
    Object.assign(dialect, { pageCap: cap, pageCapMode: 'reject', honouredUpTo: cap });
  }
  // 4. InstanceCount's scope, on the version of the first row.
  const first = single.summaries[0];
  if (first) {
    const versionPage = await page({
      appId,
      dataNames: [first.name],
      dataVersions: [first.version],
      pageNumber: 1,
      pageSize: 1,
    });
    const counted = sumCounts(versionPage);
    const versionRows =
      dialect.totalCountUnit === 'rows'
        ? versionPage.totalCount
        : (await page({ appId, dataNames: [first.name], dataVersions: [first.version], pageNumber: 2, pageSize: 1 }))
              .rows.length > 0
          ? 2
          : 1;
    if (versionRows === undefined || versionRows <= 1)
      notes.push("The probed version has a single instance row: InstanceCount's scope is not decided.");
    else if (counted === 1) dialect.instanceCountScope = 'page';
    else if (dialect.totalCountUnit === 'rows' && counted === versionRows) dialect.instanceCountScope = 'total';
    else if (dialect.totalCountUnit !== 'rows' && counted > 1) {
      // Totals, it seems; TotalCount cannot confirm it, so the version's rows are counted, if that is a few pages.
      const size = pageSizeFor(probeSize, dialect);
      if (counted <= MAX_CONFIRM_PAGES * size) {
        const read = await readDistributionPages(
          countingClient(client, () => calls++),
          { appId, dataNames: [first.name], dataVersions: [first.version] },
          () => undefined,
          {
            pageSize: size,
            dialect,
            concurrency: 2,
          },
        );
        if (read.complete && read.uniqueRows === counted) dialect.instanceCountScope = 'total';
        else
          notes.push(
            `InstanceCount adds up to ${counted} on a one-row page, but the version has ${read.uniqueRows} rows.`,
          );
      } else
        notes.push(
          `InstanceCount adds up to ${counted} on a one-row page; TotalCount cannot confirm it is the version's total, and the version is too large to count while calibrating.`,
        );
    } else
      notes.push(
        `InstanceCount adds up to ${counted} on a one-row page of a version of ${versionRows} rows: neither the page nor the version total.`,
      );
  }

  if (dialect.pageCap !== null)
    notes.push(
      `ENS serves at most ${dialect.pageCap} rows a page (${dialect.pageCapMode}); reads ask for ${dialect.pageCap}.`,
    );
  if (timeSkewSeen)
    notes.push(
      "Some rows report an UpdateTime earlier than their StartTime (the docs' example does too); times are shown as ENS sends them.",
    );
  return { dialect, appId, calls, timeSkewSeen, notes };
}

type Page = (input: Parameters<EnsClient['describeDataDistResult']>[0]) => Promise<DescribeDataDistResultResult>;

/** The largest PageSize ENS accepts below `rejected`: a binary search, ~10 calls. */
async function largestAccepted(page: Page, appId: string, rejected: number): Promise<number> {
  let lo = 0;
  let hi = rejected;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    try {
      await page({ appId, pageNumber: 1, pageSize: mid });
      lo = mid;
    } catch (err) {
      if (!isPageSizeRejection(err)) throw err;
      hi = mid;
    }
  }
  if (lo === 0) throw new Error('ENS rejects every PageSize');
  return lo;
}
