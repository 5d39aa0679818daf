/**
 * The seeded fleet: ENS nodes with a health profile, applications, and the
 * application's instances per node. Everything here is a pure function of the
 * seed and sizes, so two stores with the same options describe the same fleet.
 */
import { REGION_CATALOG, type RegionInfo } from './regions-catalog';
import { createRng, randomChars, seededUuid, shuffled, type Rng } from './rng';

export type RegionHealth = 'healthy' | 'slow' | 'flaky' | 'failing';

export interface RegionProfile {
  health: RegionHealth;
  /** Chance that one instance's distribution fails. */
  distFailRate: number;
  /** Chance that the node's file server fails a push. */
  pushFailRate: number;
  /** Multiplies push and distribution durations. */
  slowFactor: number;
}

export interface Region extends RegionInfo {
  profile: RegionProfile;
}

export interface FleetRegion {
  region: Region;
  /** Sorted, so pages can be cut by position. */
  instanceIds: readonly string[];
  /** Fleet-wide number of instanceIds[0]; instance i has key firstKey + i (seeds its outcomes). */
  firstKey: number;
}

export interface App {
  id: string;
  name: string;
  cluster: string;
  stableVersion: string;
  appType: string;
  description: string;
  workload: string;
  instanceSpec: string;
  createdMs: number;
  /** Sorted by region id: the order DescribeDataDistResult pages in. */
  regions: readonly FleetRegion[];
  regionById: ReadonlyMap<string, FleetRegion>;
  instanceCount: number;
}

export interface Fleet {
  regions: readonly Region[];
  regionById: ReadonlyMap<string, Region>;
  apps: readonly App[];
  appById: ReadonlyMap<string, App>;
  /** The node that fails most distributions, so a canary including it catches it. */
  failingRegionId: string;
  flakyRegionIds: readonly string[];
  slowRegionIds: readonly string[];
}

export interface FleetOptions {
  seed: string;
  instances: number;
  apps: number;
  /** Creation times are laid out backwards from here. */
  anchorMs: number;
}

interface AppTemplate {
  name: string;
  cluster: string;
  workload: string;
  description: string;
  stableVersion: string;
}

const APP_TEMPLATES: readonly AppTemplate[] = [
  {
    name: 'cloudgame-prod',
    cluster: 'prod',
    workload: 'gcs',
    description: 'Cloud gaming session servers',
    stableVersion: 'v1',
  },
  {
    name: 'asp-yz',
    cluster: 'ay-ads-hz-h',
    workload: 'asp',
    description: 'Ad serving edge proxy',
    stableVersion: '0825',
  },
  {
    name: 'live-edge-cdn',
    cluster: 'prod',
    workload: 'edge',
    description: 'Live streaming edge cache',
    stableVersion: 'v2',
  },
  {
    name: 'cloudgame-pre',
    cluster: 'pre',
    workload: 'gcs',
    description: 'Cloud gaming pre-release',
    stableVersion: '08102',
  },
  {
    name: 'vod-transcode',
    cluster: 'prod',
    workload: 'transcode',
    description: 'VOD transcoding workers',
    stableVersion: 'v3',
  },
  {
    name: 'edge-ai-infer',
    cluster: 'poc',
    workload: 'infer',
    description: 'Edge AI inference trial',
    stableVersion: 'v1',
  },
  {
    name: 'gcs-websocket-gw',
    cluster: 'pre',
    workload: 'ws',
    description: 'WebSocket gateway for game clients',
    stableVersion: 'v1',
  },
  { name: 'iot-gateway', cluster: 'poc', workload: 'mqtt', description: 'IoT MQTT gateway', stableVersion: 'v1' },
];

const INSTANCE_SPECS = ['ens.sn1.large', 'ens.sn1.xlarge', 'ens.sn1.stiny', 'ens.gi6s.2xlarge'];
const DAY_MS = 86_400_000;

function buildRegions(rng: Rng): Pick<Fleet, 'regions' | 'failingRegionId' | 'flakyRegionIds' | 'slowRegionIds'> {
  const order = shuffled(
    rng,
    REGION_CATALOG.map((_, i) => i),
  );
  const failing = new Set(order.slice(0, 1));
  const flaky = new Set(order.slice(1, 3));
  const slow = new Set(order.slice(3, 6));
  const regions = REGION_CATALOG.map((info, i): Region => {
    const health: RegionHealth = failing.has(i) ? 'failing' : flaky.has(i) ? 'flaky' : slow.has(i) ? 'slow' : 'healthy';
    return { ...info, profile: profileFor(health, rng) };
  });
  const idsOf = (set: Set<number>) => [...set].map((i) => REGION_CATALOG[i]?.id ?? '').sort();
  return {
    regions,
    failingRegionId: idsOf(failing)[0] ?? '',
    flakyRegionIds: idsOf(flaky),
    slowRegionIds: idsOf(slow),
  };
}

function profileFor(health: RegionHealth, rng: Rng): RegionProfile {
  switch (health) {
    case 'failing':
      return { health, distFailRate: 0.6, pushFailRate: 0.25, slowFactor: 1.5 };
    case 'flaky':
      return { health, distFailRate: 0.2, pushFailRate: 0.15, slowFactor: 1.2 };
    case 'slow':
      return { health, distFailRate: 0.02, pushFailRate: 0.02, slowFactor: rng.range(2, 3) };
    case 'healthy':
      return { health, distFailRate: rng.range(0.002, 0.015), pushFailRate: 0.01, slowFactor: rng.range(0.8, 1.2) };
  }
}

/** Splits total into integer parts proportional to weights (largest remainder). */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (sum > 0 ? (total * w) / sum : 0));
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left--;
  }
  return parts;
}

function templateFor(index: number): AppTemplate {
  const base = APP_TEMPLATES[index % APP_TEMPLATES.length] as AppTemplate;
  const round = Math.floor(index / APP_TEMPLATES.length);
  return round === 0 ? base : { ...base, name: `${base.name}-${round + 1}` };
}

function instanceId(rng: Rng): string {
  return `i-5${randomChars(rng, 24)}`;
}

interface AppDraft {
  template: AppTemplate;
  total: number;
}

function buildApp(
  rng: Rng,
  draft: AppDraft,
  regions: readonly Region[],
  failingId: string,
  nextKey: { value: number },
  anchorMs: number,
): App {
  const { template, total } = draft;
  const coverage = Math.max(1, Math.round(regions.length * rng.range(0.45, 1)));
  const chosen = shuffled(rng, regions).slice(0, coverage);
  const failing = regions.find((r) => r.id === failingId);
  if (failing && !chosen.includes(failing)) chosen.push(failing);
  // Real fleets are lopsided: a few big nodes, a long tail of small ones.
  const weights = chosen.map(() => Math.exp(rng.range(-1.3, 1.3)));
  const counts = allocate(total, weights);
  ensureFailingRegionHasOne(chosen, counts, failingId);

  const appRegions: FleetRegion[] = [];
  chosen.forEach((region, i) => {
    const count = counts[i] ?? 0;
    if (count === 0) return;
    const ids: string[] = new Array<string>(count);
    for (let k = 0; k < count; k++) ids[k] = instanceId(rng);
    ids.sort();
    appRegions.push({ region, instanceIds: ids, firstKey: nextKey.value });
    nextKey.value += count;
  });
  appRegions.sort((a, b) => (a.region.id < b.region.id ? -1 : 1));

  return {
    id: seededUuid(rng),
    name: template.name,
    cluster: template.cluster,
    stableVersion: template.stableVersion,
    appType: 'Container',
    description: template.description,
    workload: template.workload,
    instanceSpec: rng.pick(INSTANCE_SPECS),
    createdMs: anchorMs - Math.round((rng.range(60, 400) * DAY_MS) / 1000) * 1000,
    regions: appRegions,
    regionById: new Map(appRegions.map((r) => [r.region.id, r])),
    instanceCount: appRegions.reduce((n, r) => n + r.instanceIds.length, 0),
  };
}

/** A canary only catches the failing node if the app actually has an instance there. */
function ensureFailingRegionHasOne(chosen: readonly Region[], counts: number[], failingId: string): void {
  const at = chosen.findIndex((r) => r.id === failingId);
  if (at < 0 || (counts[at] ?? 0) > 0) return;
  let biggest = 0;
  counts.forEach((c, i) => {
    if (c > (counts[biggest] ?? 0)) biggest = i;
  });
  if ((counts[biggest] ?? 0) < 2) return;
  counts[biggest] = (counts[biggest] ?? 0) - 1;
  counts[at] = 1;
}

export function buildFleet(options: FleetOptions): Fleet {
  const rng = createRng(`${options.seed}:fleet`);
  const regionPart = buildRegions(rng);
  const appCount = Math.max(1, Math.floor(options.apps));
  const appWeights = Array.from({ length: appCount }, (_, i) => (i === 0 ? 2 : 1) * rng.range(0.5, 1.5));
  const totals = allocate(Math.max(appCount, Math.floor(options.instances)), appWeights).map((n) => Math.max(1, n));
  const nextKey = { value: 0 };
  const apps = totals.map((total, i) =>
    buildApp(
      rng,
      { template: templateFor(i), total },
      regionPart.regions,
      regionPart.failingRegionId,
      nextKey,
      options.anchorMs,
    ),
  );
  return {
    ...regionPart,
    regionById: new Map(regionPart.regions.map((r) => [r.id, r])),
    apps,
    appById: new Map(apps.map((a) => [a.id, a])),
  };
}
