/**
 * What the fleet has been through before the store starts, so a dashboard has
 * something real to show at once: older versions distributed days ago (mostly
 * SUCCESS, some FAILED), one cleaned node (DELETED), one rollout in flight
 * (instances DISTING over the next minutes), one push in flight (PUSHING), and
 * one version pushed but not yet distributed.
 */
import type { App } from './fleet';
import { getOrAddFile, type DataFile, type World } from './model';
import { cleanEvent, startDist, startPush } from './operations';
import { dataFileNames, distSpecFor, nextVersion, pushSpecFor, versionSeries } from './data-files';
import type { Rng } from './rng';
import { appFiles } from './actions/shared';

const MINUTE = 60_000;
const DAY = 86_400_000;

interface Series {
  name: string;
  versions: string[];
}

function pushThenDistribute(world: World, app: App, rng: Rng, name: string, version: string, pushAt: number): DataFile {
  const file = getOrAddFile(appFiles(world, app), name, version);
  startPush(world, file, app.regions, pushSpecFor(name, rng), pushAt);
  // Teams distribute where the push worked; nodes whose push failed keep the older version.
  const pushed = app.regions.filter((r) => file.push.get(r.region.id)?.ok);
  startDist(world, file, pushed, distSpecFor(app, name), pushAt + Math.round(rng.range(10, 90) * MINUTE));
  return file;
}

function seedPast(world: World, app: App, rng: Rng, series: readonly Series[], anchorMs: number): void {
  series.forEach(({ name, versions }, f) => {
    versions.forEach((version, k) => {
      const daysAgo = (versions.length - k) * rng.range(2, 9) + f * 0.3;
      pushThenDistribute(world, app, rng, name, version, anchorMs - Math.round(daysAgo * DAY));
    });
  });
}

/** Rollout in flight: pushed a while ago, distribution started under a minute ago to every node. */
function seedRolloutInFlight(world: World, app: App, rng: Rng, series: Series, anchorMs: number): void {
  const version = nextVersion(series.versions.at(-1) ?? '1.0');
  const file = getOrAddFile(appFiles(world, app), series.name, version);
  const scale = world.timeScale;
  startPush(world, file, app.regions, pushSpecFor(series.name, rng), anchorMs - Math.round((40 * MINUTE) / scale));
  startDist(world, file, app.regions, distSpecFor(app, series.name), anchorMs - Math.round((50 * 1000) / scale));
}

function seedPushInFlight(world: World, app: App, rng: Rng, series: Series, anchorMs: number): void {
  const version = nextVersion(series.versions.at(-1) ?? '1.0');
  const file = getOrAddFile(appFiles(world, app), series.name, version);
  startPush(
    world,
    file,
    app.regions,
    pushSpecFor(series.name, rng),
    anchorMs - Math.round((20 * 1000) / world.timeScale),
  );
}

function seedPushedNotDistributed(world: World, app: App, rng: Rng, series: Series, anchorMs: number): void {
  const version = nextVersion(series.versions.at(-1) ?? '1.0');
  const file = getOrAddFile(appFiles(world, app), series.name, version);
  startPush(world, file, app.regions, pushSpecFor(series.name, rng), anchorMs - 3 * 60 * MINUTE);
}

function seedClean(world: World, app: App, rng: Rng, series: Series, anchorMs: number): void {
  const oldest = appFiles(world, app).get(`${series.name}\u0000${series.versions[0] ?? ''}`);
  const events = oldest ? [...oldest.dist.entries()] : [];
  if (!oldest || events.length === 0) return;
  const [regionId, event] = rng.pick(events);
  oldest.dist.set(regionId, cleanEvent(anchorMs - DAY, event));
}

export function seedHistory(world: World, rng: Rng, anchorMs: number): void {
  world.fleet.apps.forEach((app, appIndex) => {
    const series = dataFileNames(app, rng).map((name, f): Series => ({
      name,
      // The first app's first file needs two versions: one to clean, one to roll out.
      versions: versionSeries(rng, appIndex === 0 && f === 0 ? 2 : 1 + rng.int(3)),
    }));
    seedPast(world, app, rng, series, anchorMs);
    const [first, second, third] = series;
    if (appIndex === 0 && first) {
      seedClean(world, app, rng, first, anchorMs);
      seedRolloutInFlight(world, app, rng, first, anchorMs);
    }
    if (appIndex === 0 && third) seedPushedNotDistributed(world, app, rng, third, anchorMs);
    if (appIndex === Math.min(1, world.fleet.apps.length - 1) && second)
      seedPushInFlight(world, app, rng, second, anchorMs);
  });
}
