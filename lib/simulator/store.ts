/**
 * The ENS model behind the simulator's HTTP front: a seeded fleet, a clock and
 * one handler per action. Everything is synchronous and in memory; statuses are
 * computed from the clock when asked, so no timer runs per push or instance.
 */
import { randomUUID } from 'node:crypto';
import { cleanDistData } from './actions/clean-dist-data';
import { describeApplication, listApplications } from './actions/applications';
import { describeDataDistResult } from './actions/describe-data-dist-result';
import { describeDataPushResult } from './actions/describe-data-push-result';
import { describeEnsRegions } from './actions/describe-ens-regions';
import { distApplicationData } from './actions/dist-application-data';
import { pushApplicationData } from './actions/push-application-data';
import { activityTick, startActivity } from './activity';
import { createClock, type SimClock } from './clock';
import { SimError } from './errors';
import { buildFleet } from './fleet';
import { seedHistory } from './history';
import type { World } from './model';
import { createRng } from './rng';
import type { ActionParams, SimStore, StoreOptions } from './types';

type Handler = (world: World, params: ActionParams, now: number) => object;

const HANDLERS: Readonly<Record<string, Handler>> = {
  PushApplicationData: pushApplicationData,
  DistApplicationData: distApplicationData,
  DescribeDataDistResult: describeDataDistResult,
  DescribeDataPushResult: describeDataPushResult,
  CleanDistData: cleanDistData,
  ListApplications: listApplications,
  DescribeApplication: describeApplication,
  DescribeEnsRegions: describeEnsRegions,
};

export const SUPPORTED_ACTIONS: readonly string[] = Object.keys(HANDLERS);

function checkOptions(options: StoreOptions): void {
  const positive = (name: string, value: number) => {
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number, got ${value}`);
  };
  positive('instances', options.instances);
  positive('apps', options.apps);
  positive('timeScale', options.timeScale);
}

/** The seeded fleet plus its history, laid out backwards from `anchorMs`. */
export function buildWorld(options: StoreOptions, anchorMs: number): World {
  const fleet = buildFleet({ seed: options.seed, instances: options.instances, apps: options.apps, anchorMs });
  const world: World = {
    fleet,
    files: new Map(fleet.apps.map((a) => [a.id, new Map()])),
    rng: createRng(`${options.seed}:operations`),
    timeScale: options.timeScale,
    dialect: options.dialect,
  };
  seedHistory(world, createRng(`${options.seed}:history`), anchorMs);
  return world;
}

function requestId(): string {
  return randomUUID().toUpperCase();
}

/** Whole seconds, so responses built from the anchor carry no millisecond noise. */
function anchorOf(clock: SimClock): number {
  return Math.floor(clock.now() / 1000) * 1000;
}

/** Seams for tests: a fixed clock, or a world whose node profiles are pinned. */
export interface StoreDeps {
  clock?: SimClock;
  makeWorld?: (anchorMs: number) => World;
}

export function createSimStore(options: StoreOptions, deps: StoreDeps = {}): SimStore {
  checkOptions(options);
  const clock = deps.clock ?? createClock();
  const makeWorld = deps.makeWorld ?? ((anchorMs: number) => buildWorld(options, anchorMs));
  let world = makeWorld(anchorOf(clock));
  let activityRng = createRng(`${options.seed}:activity`);
  const stopActivity = options.activity
    ? startActivity(() => activityTick(world, activityRng, clock.now()), options.timeScale)
    : () => undefined;

  return {
    handle(action: string, params: ActionParams): unknown {
      const handler = Object.hasOwn(HANDLERS, action) ? HANDLERS[action] : undefined;
      if (!handler)
        throw new SimError(
          'InvalidApi.NotFound',
          `Specified api ${action} is not found, please check your url and method.`,
          404,
        );
      const body = handler(world, params, clock.now());
      return { RequestId: requestId(), ...body };
    },
    advance(seconds: number): void {
      clock.advance(seconds);
    },
    reset(): void {
      clock.reset();
      world = makeWorld(anchorOf(clock));
      activityRng = createRng(`${options.seed}:activity`);
    },
    now: () => clock.now(),
    forcePushFailures(failures: ReadonlyMap<string, string>): void {
      world.forcedPushFailures = new Map(failures);
    },
    stop: stopActivity,
  };
}
