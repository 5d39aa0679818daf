/**
 * Background activity: every few (scaled) minutes another simulated team pushes
 * a new version of one of an app's files and starts distributing it, half the
 * time as a canary to a few nodes, so live views always have something moving.
 */
import { getOrAddFile, type World } from './model';
import { startDist, startPush } from './operations';
import { distSpecFor, nextVersion, pushSpecFor } from './data-files';
import { shuffled, type Rng } from './rng';
import { appFiles } from './actions/shared';
import { compareText } from './params';

export const ACTIVITY_PERIOD_MS = 4 * 60_000;

/** Latest version of one file name, by the order versions were created in. */
function latestVersion(world: World, appId: string, name: string): string | undefined {
  const versions = [...(world.files.get(appId)?.values() ?? [])].filter((f) => f.name === name).map((f) => f.version);
  return versions
    .sort((a, b) => (/^\d+$/.test(a) && /^\d+$/.test(b) ? Number(a) - Number(b) : compareText(a, b)))
    .at(-1);
}

export function activityTick(world: World, rng: Rng, now: number): void {
  const app = rng.pick(world.fleet.apps);
  const names = [...new Set([...appFiles(world, app).values()].map((f) => f.name))].sort();
  if (names.length === 0 || app.regions.length === 0) return;
  const name = rng.pick(names);
  let version = nextVersion(latestVersion(world, app.id, name) ?? '1.0');
  while (appFiles(world, app).has(`${name}\u0000${version}`)) version = nextVersion(version);
  const file = getOrAddFile(appFiles(world, app), name, version);
  startPush(world, file, app.regions, pushSpecFor(name, rng), now);
  const canary = rng.chance(0.5);
  const targets = canary ? shuffled(rng, app.regions).slice(0, 1 + rng.int(3)) : app.regions;
  // Distributing right away is fine: instances wait for their node's push to finish.
  startDist(world, file, targets, distSpecFor(app, name), now);
}

/** Runs `tick` every period/timeScale of real time; the timer never keeps the process alive. */
export function startActivity(tick: () => void, timeScale: number): () => void {
  const timer = setInterval(tick, Math.max(1000, ACTIVITY_PERIOD_MS / timeScale));
  timer.unref();
  return () => clearInterval(timer);
}
