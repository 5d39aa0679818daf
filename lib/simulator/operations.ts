/**
 * Starting pushes and distributions: where outcomes and durations are drawn.
 * Shared by the actions, the seeded history and the background activity.
 */
import type { FleetRegion, Region } from './fleet';
import {
  instanceStateAt,
  pushStateAt,
  type DataFile,
  type DistEvent,
  type DistSpec,
  type PushRecord,
  type PushSpec,
  type World,
} from './model';

function pushFailureReasons(spec: PushSpec): string[] {
  return [
    'origin download failed: HTTP 404 Not Found',
    `origin download timeout after ${spec.timeoutSec}s`,
    spec.md5 === '' ? 'origin connection reset by peer' : 'md5 checksum mismatch',
    'file server disk quota exceeded',
  ];
}

/** Size's unit is unstated (docs/ens.md §1.1); it only stretches the duration a little. */
function sizeFactor(size: number): number {
  return 1 + Math.min(2, Math.log10(1 + Math.max(0, size)) / 4);
}

export function newPushRecord(world: World, region: Region, spec: PushSpec, startMs: number): PushRecord {
  const { rng } = world;
  const forced = world.forcedPushFailures?.get(region.id);
  // The seeded draws happen as always, so forcing one node leaves every other outcome as seeded.
  const drawnOk = !rng.chance(region.profile.pushFailRate);
  const seconds = rng.range(20, 150) * region.profile.slowFactor * sizeFactor(spec.size);
  const drawnReason = drawnOk ? 'Success' : rng.pick(pushFailureReasons(spec));
  const ok = forced === undefined && drawnOk;
  const reason = forced ?? drawnReason;
  return { startMs, finishMs: startMs + Math.round((seconds * 1000) / world.timeScale), ok, reason };
}

export function startPush(
  world: World,
  file: DataFile,
  regions: readonly FleetRegion[],
  spec: PushSpec,
  startMs: number,
): void {
  file.pushSpec = spec;
  for (const { region } of regions) file.push.set(region.id, newPushRecord(world, region, spec, startMs));
}

/** Decides, from the node's push record at dist time, when (and whether) the data is there to fetch. */
function readiness(file: DataFile, regionId: string, startMs: number): Pick<DistEvent, 'readyMs' | 'blockedReason'> {
  const push = file.push.get(regionId);
  if (!push)
    return { readyMs: startMs, blockedReason: `data not pushed to region ${regionId}: run PushApplicationData first` };
  const failed = `data push to region ${regionId} failed (${push.reason}): run PushApplicationData again`;
  const state = pushStateAt(push, startMs);
  if (state.status === 'SUCCESS') return { readyMs: startMs, blockedReason: null };
  if (state.status === 'FAILED') return { readyMs: startMs, blockedReason: failed };
  return { readyMs: push.finishMs, blockedReason: push.ok ? null : failed };
}

export function newDistEvent(world: World, file: DataFile, region: Region, spec: DistSpec, startMs: number): DistEvent {
  return {
    kind: 'dist',
    startMs,
    key: world.rng.int(0x100000000),
    ...readiness(file, region.id, startMs),
    failRate: region.profile.distFailRate,
    slowFactor: region.profile.slowFactor,
    timeScale: world.timeScale,
    spec,
  };
}

export function startDist(
  world: World,
  file: DataFile,
  regions: readonly FleetRegion[],
  spec: DistSpec,
  startMs: number,
): void {
  for (const { region } of regions) file.dist.set(region.id, newDistEvent(world, file, region, spec, startMs));
}

export function cleanEvent(startMs: number, previous: DistEvent): DistEvent {
  return { ...previous, kind: 'clean', startMs, readyMs: startMs, blockedReason: null };
}

export type RegionDistPhase = 'none' | 'running' | 'complete' | 'incomplete';

/** Where a node stands for one file: decides whether a new DistApplicationData touches it. */
export function regionDistPhase(file: DataFile, appRegion: FleetRegion, now: number): RegionDistPhase {
  const event = file.dist.get(appRegion.region.id);
  if (!event) return 'none';
  let complete = true;
  for (let i = 0; i < appRegion.instanceIds.length; i++) {
    const { status } = instanceStateAt(event, appRegion.firstKey + i, now);
    if (status === 'DISTING') return 'running';
    if (status !== 'SUCCESS' && status !== 'POD_RESTARTING') complete = false;
  }
  return complete ? 'complete' : 'incomplete';
}
