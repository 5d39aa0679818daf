/**
 * Helpers for the simulator's own tests: a store on a fixed clock whose world
 * the test can see and pin, and flatteners that turn the nested ENS responses
 * into rows that are easy to compare.
 */
import type { DistResultGroup } from './actions/describe-data-dist-result';
import type { PushResultGroup } from './actions/describe-data-push-result';
import { createClock, type SimClock } from './clock';
import { SimError } from './errors';
import type { App } from './fleet';
import type { World } from './model';
import { buildWorld, createSimStore } from './store';
import type { ActionParams, SimStore, StoreOptions } from './types';

/** 2024-05-20T08:00:00Z: a fixed start so runs are byte-identical. */
export const T0 = Date.UTC(2024, 4, 20, 8, 0, 0);

export const TEST_OPTIONS: StoreOptions = {
  instances: 400,
  apps: 3,
  seed: 'unit-tests',
  timeScale: 10,
  activity: false,
};

export interface TestStore {
  store: SimStore;
  world(): World;
  app(index?: number): App;
  clock: SimClock;
}

/** A store on a fixed clock; `pin` may adjust node profiles before any call. */
export function testStore(overrides: Partial<StoreOptions> = {}, pin?: (world: World) => void): TestStore {
  const options = { ...TEST_OPTIONS, ...overrides };
  const clock = createClock(() => T0);
  let current: World | null = null;
  const makeWorld = (anchorMs: number) => {
    current = buildWorld(options, anchorMs);
    pin?.(current);
    return current;
  };
  const store = createSimStore(options, { clock, makeWorld });
  const world = () => {
    if (!current) throw new Error('world not built');
    return current;
  };
  const app = (index = 0) => {
    const found = world().fleet.apps[index];
    if (!found) throw new Error(`no app ${index}`);
    return found;
  };
  return { store, world, app, clock };
}

/** Every node succeeds at everything, except the ones listed. */
export function pinProfiles(world: World, failing: { push?: readonly string[]; dist?: readonly string[] } = {}): void {
  for (const region of world.fleet.regions) {
    region.profile.pushFailRate = failing.push?.includes(region.id) ? 1 : 0;
    region.profile.distFailRate = failing.dist?.includes(region.id) ? 1 : 0;
    region.profile.slowFactor = 1;
  }
}

export interface DistResponse {
  RequestId: string;
  PageNumber: number;
  PageSize: number;
  TotalCount: number;
  DistResults: { DistResult: DistResultGroup[] };
}

export interface PushResponse {
  RequestId: string;
  PageNumber: number;
  PageSize: number;
  TotalCount: number;
  PushResults: { PushResult: PushResultGroup[] };
}

export interface ResultEntry {
  Name: string;
  Version: string;
  ResultCode: number;
  ResultDescrip: string;
}

export interface PushCallResponse {
  RequestId: string;
  PushResults: { PushResult: ResultEntry[] };
}

export interface DistCallResponse {
  RequestId: string;
  DistInstanceTotalCount: number;
  DistInstanceIds: { DistInstanceId: string[] };
  DistResults: { DistResult: ResultEntry[] };
}

export function call<T>(store: SimStore, action: string, params: ActionParams): T {
  return store.handle(action, params) as T;
}

export interface DistResultRow {
  name: string;
  version: string;
  status: string;
  instanceId: string;
  startTime: string;
  updateTime: string;
  descrip: string;
}

export function distRows(response: DistResponse): DistResultRow[] {
  return response.DistResults.DistResult.flatMap((r) =>
    r.StatusStats.StatusStat.flatMap((s) =>
      s.Instances.Instance.map((i) => ({
        name: r.Name,
        version: r.Version,
        status: s.Status,
        instanceId: i.InstanceId,
        startTime: i.StartTime,
        updateTime: i.UpdateTime,
        descrip: i.StatusDescrip,
      })),
    ),
  );
}

export interface PushResultRow {
  name: string;
  version: string;
  status: string;
  regionId: string;
  descrip: string;
}

export function pushRows(response: PushResponse): PushResultRow[] {
  return response.PushResults.PushResult.flatMap((r) =>
    r.StatusStatS.StatusStat.flatMap((s) =>
      s.RegionIds.RegionId.map((g) => ({
        name: r.Name,
        version: r.Version,
        status: s.Status,
        regionId: g.RegionId,
        descrip: g.StatusDescrip,
      })),
    ),
  );
}

export function rowKey(row: { name: string; version: string; instanceId: string }): string {
  return `${row.name}|${row.version}|${row.instanceId}`;
}

/** Instance id → region id, from the fleet the store serves. */
export function regionOfInstance(app: App): Map<string, string> {
  const map = new Map<string, string>();
  for (const r of app.regions) for (const id of r.instanceIds) map.set(id, r.region.id);
  return map;
}

/** The error a call throws, so tests can assert on its code and message. */
export function rejection(fn: () => unknown): SimError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SimError) return err;
    throw err;
  }
  throw new Error('expected a SimError, but the call succeeded');
}

/** A response without its RequestId, to compare two calls. */
export function withoutRequestId(body: unknown): unknown {
  if (typeof body !== 'object' || body === null) return body;
  const copy: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  delete copy.RequestId;
  return copy;
}
