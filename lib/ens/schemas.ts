import { z } from 'zod';
import { DIST_STATUSES, PUSH_STATUSES, type DistStatus, type PushStatus } from './models';

/*
 * ENS's PascalCase JSON, described as it arrives and reshaped once into flat camelCase
 * models. Lenient where ENS is inconsistent (docs/ens.md §1): absent lists, numbers sent
 * as strings, `StatusStats` vs `StatusStatS`, optional paging fields, JSON held in
 * strings. Strict where a wrong guess would mislead a release engineer: an unknown
 * status fails the answer loudly instead of being counted as something else.
 */

/** Absent or null → []; a lone object (XML-to-JSON gateways collapse one-item lists) → [it]. */
function list<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => (v == null ? [] : Array.isArray(v) ? v : [v]), z.array(item));
}

/** The `{ Key: [...] }` wrapper ENS puts around every list; the wrapper itself may be absent. */
function wrapped<T extends z.ZodType>(key: string, item: T) {
  return z
    .object({ [key]: list(item) })
    .nullish()
    .transform((w): z.output<T>[] => (w?.[key] as z.output<T>[] | undefined) ?? []);
}

/** ENS sends some counts as strings (`"InstanceCount": "10"`). */
const numberish = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*-?\d+(?:\.\d+)?\s*$/.test(v) ? Number(v) : v),
  z.number({ error: (iss) => `expected a number, got ${JSON.stringify(iss.input)}` }),
);

const text = z
  .string()
  .nullish()
  .transform((v) => v ?? '');

const optionalText = z
  .string()
  .nullish()
  .transform((v) => (v ? v : undefined));

const paging = {
  PageNumber: numberish.nullish(),
  PageSize: numberish.nullish(),
  TotalCount: numberish.nullish(),
};

function pageOf(r: { PageNumber?: number | null; PageSize?: number | null; TotalCount?: number | null }) {
  return {
    pageNumber: r.PageNumber ?? undefined,
    pageSize: r.PageSize ?? undefined,
    totalCount: r.TotalCount ?? undefined,
  };
}

function statusEnum<T extends readonly [string, ...string[]]>(values: T) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toUpperCase() : v),
    z.enum(values, { error: (iss) => `unknown status ${JSON.stringify(iss.input)} (expected ${values.join(', ')})` }),
  );
}

// ---- PushApplicationData / DistApplicationData ----

const resultItem = z
  .object({ Name: z.string(), Version: z.string(), ResultCode: numberish, ResultDescrip: text })
  .transform((r) => ({ name: r.Name, version: r.Version, resultCode: r.ResultCode, resultDescrip: r.ResultDescrip }));
export type FileResult = z.output<typeof resultItem>;

export const pushApplicationDataResponse = z
  .object({ RequestId: text, PushResults: wrapped('PushResult', resultItem) })
  .transform((r) => ({ requestId: r.RequestId, results: r.PushResults }));
export type PushApplicationDataResult = z.output<typeof pushApplicationDataResponse>;

export const distApplicationDataResponse = z
  .object({
    RequestId: text,
    DistInstanceTotalCount: numberish.nullish(),
    DistInstanceIds: wrapped('DistInstanceId', z.string()),
    DistResults: wrapped('DistResult', resultItem),
  })
  .transform((r) => ({
    requestId: r.RequestId,
    instanceCount: r.DistInstanceTotalCount ?? r.DistInstanceIds.length,
    instanceIds: r.DistInstanceIds,
    results: r.DistResults,
  }));
export type DistApplicationDataResult = z.output<typeof distApplicationDataResponse>;

/** CleanDistData answers only its RequestId (docs/ens.md §1.5). */
export const cleanDistDataResponse = z.object({ RequestId: text }).transform((r) => ({ requestId: r.RequestId }));
export type CleanDistDataResult = z.output<typeof cleanDistDataResponse>;

// ---- DescribeDataDistResult ----

/** One instance's state for one file version: the flat row every table and count is built from. */
export interface DistRow {
  name: string;
  version: string;
  instanceId: string;
  /** Not in ENS's answer; attributed from the application's inventory (inventory.ts). */
  regionId?: string;
  status: DistStatus;
  statusDescrip: string;
  startTime: string;
  updateTime: string;
}

/** Per file version, the group sizes ENS reports (InstanceCount); a page may carry fewer rows. */
export interface DistSummary {
  name: string;
  version: string;
  counts: Record<DistStatus, number>;
}

const distGroup = z.object({
  Status: statusEnum(DIST_STATUSES),
  InstanceCount: numberish.nullish(),
  Instances: wrapped(
    'Instance',
    z.object({ InstanceId: z.string().min(1), StartTime: text, UpdateTime: text, StatusDescrip: text }),
  ),
});

const distResult = z
  .object({
    Name: z.string(),
    Version: z.string(),
    StatusStats: wrapped('StatusStat', distGroup),
    StatusStatS: wrapped('StatusStat', distGroup),
  })
  .transform((r) => {
    const counts = Object.fromEntries(DIST_STATUSES.map((s) => [s, 0])) as Record<DistStatus, number>;
    const rows: DistRow[] = [];
    for (const g of [...r.StatusStats, ...r.StatusStatS]) {
      counts[g.Status] += g.InstanceCount ?? g.Instances.length;
      for (const i of g.Instances) {
        rows.push({
          name: r.Name,
          version: r.Version,
          instanceId: i.InstanceId,
          status: g.Status,
          statusDescrip: i.StatusDescrip,
          startTime: i.StartTime,
          updateTime: i.UpdateTime,
        });
      }
    }
    return { summary: { name: r.Name, version: r.Version, counts } satisfies DistSummary, rows };
  });

export const describeDataDistResultResponse = z
  .object({ RequestId: text, ...paging, DistResults: wrapped('DistResult', distResult) })
  .transform((r) => ({
    requestId: r.RequestId,
    ...pageOf(r),
    rows: r.DistResults.flatMap((d) => d.rows),
    summaries: r.DistResults.map((d) => d.summary),
  }));
export type DescribeDataDistResultResult = z.output<typeof describeDataDistResultResponse>;

// ---- DescribeDataPushResult ----

/** One file version's pre-push state on one region's file server. */
export interface PushRow {
  name: string;
  version: string;
  regionId: string;
  status: PushStatus;
  statusDescrip: string;
  startTime: string;
  updateTime: string;
}

const pushGroup = z.object({
  Status: statusEnum(PUSH_STATUSES),
  RegionIdCount: numberish.nullish(),
  RegionIds: wrapped(
    'RegionId',
    z.object({ RegionId: z.string().min(1), StartTime: text, UpdateTime: text, StatusDescrip: text }),
  ),
});

const pushResult = z
  .object({
    Name: z.string(),
    Version: z.string(),
    StatusStatS: wrapped('StatusStat', pushGroup),
    StatusStats: wrapped('StatusStat', pushGroup),
  })
  .transform((r) =>
    [...r.StatusStatS, ...r.StatusStats].flatMap((g) =>
      g.RegionIds.map((x): PushRow => ({
        name: r.Name,
        version: r.Version,
        regionId: x.RegionId,
        status: g.Status,
        statusDescrip: x.StatusDescrip,
        startTime: x.StartTime,
        updateTime: x.UpdateTime,
      })),
    ),
  );

export const describeDataPushResultResponse = z
  .object({ RequestId: text, ...paging, PushResults: wrapped('PushResult', pushResult) })
  .transform((r) => ({ requestId: r.RequestId, ...pageOf(r), rows: r.PushResults.flat() }));
export type DescribeDataPushResultResult = z.output<typeof describeDataPushResultResponse>;

// ---- ListApplications / DescribeApplication ----

/**
 * A JSON document ENS sends inside a string (`AppInfo`, `Application`). Its schema is
 * unpublished, so it is parsed leniently: an object already decoded is accepted, and
 * undecodable text becomes `{}` rather than failing the whole list.
 */
const embeddedJson = z.unknown().transform((v): Record<string, unknown> => {
  let value: unknown = v;
  if (typeof v === 'string') {
    try {
      value = JSON.parse(v);
    } catch {
      return {};
    }
  }
  return isRecord(value) ? value : {};
});

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function pick(obj: unknown, ...keys: string[]): unknown {
  let cur: unknown = obj;
  for (const k of keys) cur = isRecord(cur) ? cur[k] : undefined;
  return cur;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** The fields of the app document the dashboard shows; every one optional. */
const appDocument = embeddedJson.transform((doc) => {
  const meta = pick(doc, 'AppMetaData') ?? doc;
  return {
    appId: str(pick(meta, 'AppId')),
    name: str(pick(meta, 'AppName')),
    clusterName: str(pick(meta, 'ClusterName')),
    stableVersion: str(pick(meta, 'AppStableVersion')),
    appType: str(pick(meta, 'AppType')),
    description: str(pick(meta, 'Description')),
    createTime: str(pick(meta, 'CreateTime')),
    phase: str(pick(doc, 'AppStatus', 'Phase')),
    doc,
  };
});

const appEntry = z.object({ AppId: z.string().min(1), AppInfo: appDocument.optional() });

export const listApplicationsResponse = z
  .object({
    RequestId: text,
    ...paging,
    Applications: wrapped('Application', z.object({ ClusterName: optionalText, AppList: wrapped('App', appEntry) })),
  })
  .transform((r) => ({
    requestId: r.RequestId,
    ...pageOf(r),
    apps: r.Applications.flatMap((cluster) =>
      cluster.AppList.map((a) => ({
        appId: a.AppId,
        name: a.AppInfo?.name ?? a.AppId,
        clusterName: cluster.ClusterName ?? a.AppInfo?.clusterName,
        stableVersion: a.AppInfo?.stableVersion,
        appType: a.AppInfo?.appType,
        description: a.AppInfo?.description,
        createTime: a.AppInfo?.createTime,
        phase: a.AppInfo?.phase,
      })),
    ),
  }));
export type ListApplicationsResult = z.output<typeof listApplicationsResponse>;
export type AppSummary = ListApplicationsResult['apps'][number];

/** Every plain array under DetailStat (ENS uses plain arrays here, but tolerate wrappers). */
function arrayAt(obj: unknown, key: string): unknown[] {
  const v = pick(obj, key);
  if (Array.isArray(v)) return v;
  if (isRecord(v)) {
    const inner = v[key];
    return Array.isArray(inner) ? inner : [v];
  }
  return [];
}

export interface InventoryInstance {
  instanceId: string;
  regionId: string;
}

/** `DetailStat.AppVersionStat[].DistrictStat[].InstanceStat[]` → `{ instanceId, regionId }`, unique by instance. */
function inventoryOf(doc: Record<string, unknown>): { instances: InventoryInstance[]; regionIds: string[] } {
  const byInstance = new Map<string, string>();
  const regions = new Set<string>();
  const detailStats = Array.isArray(doc.DetailStat) ? doc.DetailStat : [doc.DetailStat];
  for (const detail of detailStats) {
    for (const version of arrayAt(detail, 'AppVersionStat')) {
      for (const district of arrayAt(version, 'DistrictStat')) {
        for (const r of arrayAt(district, 'RegionIds')) {
          const id = str(r) ?? str(pick(r, 'RegionId'));
          if (id) regions.add(id);
        }
        for (const inst of arrayAt(district, 'InstanceStat')) {
          const instanceId = str(pick(inst, 'InstanceId'));
          const regionId = str(pick(inst, 'RegionId'));
          if (instanceId && regionId) {
            byInstance.set(instanceId, regionId);
            regions.add(regionId);
          }
        }
      }
    }
  }
  return {
    instances: [...byInstance].map(([instanceId, regionId]) => ({ instanceId, regionId })),
    regionIds: [...regions],
  };
}

export const describeApplicationResponse = z.object({ RequestId: text, Application: appDocument }).transform((r) => ({
  requestId: r.RequestId,
  appId: r.Application.appId,
  name: r.Application.name,
  clusterName: r.Application.clusterName,
  stableVersion: r.Application.stableVersion,
  phase: r.Application.phase,
  ...inventoryOf(r.Application.doc),
}));
export type DescribeApplicationResult = z.output<typeof describeApplicationResponse>;

// ---- DescribeEnsRegions ----

export const describeEnsRegionsResponse = z
  .object({
    RequestId: text,
    // The wrapper and the list share the name: EnsRegions.EnsRegions[] (docs/ens.md §1.8).
    EnsRegions: wrapped(
      'EnsRegions',
      z.object({
        EnsRegionId: z.string().min(1),
        Name: optionalText,
        EnName: optionalText,
        Area: optionalText,
        Province: optionalText,
      }),
    ),
  })
  .transform((r) => ({
    requestId: r.RequestId,
    regions: r.EnsRegions.map((x) => ({
      regionId: x.EnsRegionId,
      name: x.Name,
      enName: x.EnName,
      area: x.Area,
      province: x.Province,
    })),
  }));
export type DescribeEnsRegionsResult = z.output<typeof describeEnsRegionsResponse>;
export type EnsRegion = DescribeEnsRegionsResult['regions'][number];
