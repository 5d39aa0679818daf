/**
 * ListApplications (§1.6) and DescribeApplication (§1.7). Both carry the
 * application as a JSON *string*; DescribeApplication's DetailStat lists every
 * instance with its RegionId, the only place where ENS ties instances to nodes.
 */
import { invalidParameter } from '../errors';
import type { App, FleetRegion } from '../fleet';
import type { World } from '../model';
import { mix32 } from '../rng';
import {
  compareText,
  inDateRange,
  metaTime,
  optionalParam,
  pageWindow,
  parseCsv,
  parseDateRange,
  parsePaging,
  pagingEcho,
  requireApp,
} from '../params';
import type { ActionParams } from '../types';

const STAT_FLAGS = ['appInfo', 'detailStat', 'appVersionStat', 'districtStat', 'instanceStat', 'podCountStat'] as const;
type StatFlag = (typeof STAT_FLAGS)[number];
type StatFlags = Record<StatFlag, boolean>;

/** `OutAppInfoParams` / `OutDetailStatParams`: JSON flags, every part on by default. */
function parseFlags(params: ActionParams, name: string): StatFlags {
  const flags = Object.fromEntries(STAT_FLAGS.map((f) => [f, true])) as StatFlags;
  const raw = optionalParam(params, name);
  if (raw === undefined) return flags;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidParameter(name, `${name} is not valid JSON.`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw invalidParameter(name, `${name} must be a JSON object.`);
  for (const [key, value] of Object.entries(parsed)) {
    if (!(STAT_FLAGS as readonly string[]).includes(key) || typeof value !== 'boolean') {
      throw invalidParameter(name, `${name}.${key} is not a known boolean flag (${STAT_FLAGS.join(', ')}).`);
    }
    flags[key as StatFlag] = value;
  }
  return flags;
}

function appSummary(app: App) {
  return {
    AppMetaData: {
      AppId: app.id,
      AppName: app.name,
      ClusterName: app.cluster,
      AppStableVersion: app.stableVersion,
      AppType: app.appType,
      Description: app.description,
      CreateTime: metaTime(app.createdMs),
    },
    AppStatus: { Phase: 'RUNNING', StatusDescrip: 'running', UpdateTime: metaTime(app.createdMs) },
    ResourceAttribute: {
      ResourceType: 'Ens',
      InstanceSpec: app.instanceSpec,
      BandwithOut: 100,
      DisableExternalIp: false,
    },
    WorkloadAttribute: [
      {
        Name: app.workload,
        PodCount: app.instanceCount,
        ServiceConfig: `{"port":8080,"replicas":${app.instanceCount}}`,
      },
    ],
  };
}

function publicIp(key: number): string {
  const h = mix32(key + 0x5bd1e995);
  return `101.${(h >>> 16) & 0xff}.${(h >>> 8) & 0xff}.${(h & 0xfd) + 2}`;
}

function instanceStat(app: App, appRegion: FleetRegion, position: number, flags: StatFlags) {
  const key = appRegion.firstKey + position;
  const isp = appRegion.region.ispCode === 'multiCarrier' ? 'telecom' : appRegion.region.ispCode;
  const pod = `${app.name}-${app.workload}-${app.stableVersion}-${mix32(key).toString(36).padStart(8, '0').slice(-8)}-0`;
  return {
    InstanceId: appRegion.instanceIds[position] as string,
    RegionId: appRegion.region.id,
    PublicIps: [{ PublicIp: publicIp(key), Isp: isp }],
    ...(flags.podCountStat ? { PodCountStat: [{ Name: pod, RunningCount: 1, ProducedCount: 1, Devices: [] }] } : {}),
  };
}

/** Districts group nodes by area and carrier, as the ENS console does. */
function districtStats(app: App, flags: StatFlags) {
  const districts = new Map<string, FleetRegion[]>();
  for (const appRegion of app.regions) {
    const key = `${appRegion.region.area}\u0000${appRegion.region.ispCode}`;
    districts.set(key, [...(districts.get(key) ?? []), appRegion]);
  }
  return [...districts.values()].map((regions) => ({
    AreaCode: regions[0]?.region.area ?? '',
    IspCode: regions[0]?.region.ispCode ?? '',
    RegionIds: regions.map((r) => r.region.id),
    ...(flags.instanceStat
      ? { InstanceStat: regions.flatMap((r) => r.instanceIds.map((_, i) => instanceStat(app, r, i, flags))) }
      : {}),
  }));
}

function detailStat(app: App, flags: StatFlags) {
  if (!flags.appVersionStat) return {};
  const version = {
    Version: app.stableVersion,
    ...(flags.districtStat ? { DistrictStat: districtStats(app, flags) } : {}),
  };
  return { AppVersionStat: [version] };
}

const applicationJson = new WeakMap<App, Map<string, string>>();

/** The fleet never changes shape after construction, so the (large) JSON is built once per flag set. */
function describeJson(app: App, flags: StatFlags): string {
  const cacheKey = STAT_FLAGS.map((f) => (flags[f] ? '1' : '0')).join('');
  const cache = applicationJson.get(app) ?? new Map<string, string>();
  applicationJson.set(app, cache);
  const cached = cache.get(cacheKey);
  if (cached !== undefined) return cached;
  const summary = appSummary(app);
  const body = {
    AppMetaData: summary.AppMetaData,
    AppStatus: summary.AppStatus,
    ...(flags.appInfo
      ? { ResourceAttribute: summary.ResourceAttribute, WorkloadAttribute: summary.WorkloadAttribute }
      : {}),
    ...(flags.detailStat ? { DetailStat: detailStat(app, flags) } : {}),
  };
  const json = JSON.stringify(body);
  cache.set(cacheKey, json);
  return json;
}

export function describeApplication(world: World, params: ActionParams) {
  const app = requireApp(world, params);
  return { Application: describeJson(app, parseFlags(params, 'OutDetailStatParams')) };
}

export function listApplications(world: World, params: ActionParams) {
  const clusters = parseCsv(optionalParam(params, 'ClusterNames'));
  const clusterSet = clusters && !clusters.includes('All') ? new Set(clusters) : null;
  parseFlags(params, 'OutAppInfoParams');
  const dates = parseDateRange(params);
  const paging = parsePaging(params);
  const apps = world.fleet.apps
    .filter((a) => (!clusterSet || clusterSet.has(a.cluster)) && inDateRange(a.createdMs, dates))
    .sort((a, b) => compareText(a.cluster, b.cluster) || compareText(a.name, b.name));
  const { start, end } = pageWindow(paging, apps.length);
  const byCluster = new Map<string, { AppId: string; AppInfo: string }[]>();
  for (const app of apps.slice(start, end)) {
    const list = byCluster.get(app.cluster) ?? [];
    list.push({ AppId: app.id, AppInfo: JSON.stringify(appSummary(app)) });
    byCluster.set(app.cluster, list);
  }
  const groups = [...byCluster.entries()].map(([ClusterName, App]) => ({ ClusterName, AppList: { App } }));
  return { ...pagingEcho(paging, apps.length), Applications: { Application: groups } };
}
