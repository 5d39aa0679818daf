/**
 * `startSimulator()`: the seeded ENS model behind its HTTP front, one call for
 * tests, benchmarks, the CLI and the dashboard's default mode alike.
 */
import { dialectFrom } from './dialect';
import { generateAccessKey, type AccessKeyPair } from './access-key';
import { serveSimulator } from './rpc-server';
import { createSimStore } from './store';
import type { RunningSimulator, SimulatorOptions, StoreOptions } from './types';

export const DEFAULT_STORE_OPTIONS: StoreOptions = {
  instances: 2000,
  apps: 4,
  seed: 'ens-dashboard',
  timeScale: 1,
  activity: true,
};

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const keys = accessKeyFrom(options);
  const store = createSimStore(storeOptionsFrom(options));
  try {
    return await serveSimulator({
      store,
      ...keys,
      port: options.port ?? 0,
      host: options.host,
      quiet: options.quiet ?? true,
    });
  } catch (err) {
    // A taken port must not leave the model's activity timers running.
    store.stop();
    throw err;
  }
}

export function storeOptionsFrom(options: SimulatorOptions): StoreOptions {
  return {
    instances: options.instances ?? DEFAULT_STORE_OPTIONS.instances,
    apps: options.apps ?? DEFAULT_STORE_OPTIONS.apps,
    seed: options.seed ?? DEFAULT_STORE_OPTIONS.seed,
    timeScale: options.timeScale ?? DEFAULT_STORE_OPTIONS.timeScale,
    activity: options.activity ?? DEFAULT_STORE_OPTIONS.activity,
    dialect: dialectFrom(options),
  };
}

/** A given key pair must be complete: half a pair is a configuration mistake, not a request for a random half. */
function accessKeyFrom(options: SimulatorOptions): AccessKeyPair {
  const { accessKeyId, accessKeySecret } = options;
  if (accessKeyId === undefined && accessKeySecret === undefined) return generateAccessKey();
  if (!accessKeyId || !accessKeySecret) {
    throw new TypeError('startSimulator: give both accessKeyId and accessKeySecret, or neither for a generated pair.');
  }
  return { accessKeyId, accessKeySecret };
}
