/**
 * The seam between the simulator's HTTP front (server.ts: transport, signatures,
 * faults, test controls) and its ENS model (store.ts: fleet, clock, actions).
 */

import type { DialectOptions, SimDialect } from './dialect';

/** Business parameters of one call, decoded from the query string and a form body. */
export type ActionParams = Readonly<Record<string, string>>;

/** Dialect options (pageSizeCap, totalCountUnit, ...): see dialect.ts and the README's "Dialects". */
export interface SimulatorOptions extends DialectOptions {
  /** TCP port; 0 picks a free one. */
  port?: number;
  /** Interface to bind; the simulator only ever binds loopback by default. */
  host?: string;
  /** Approximate number of instances across all applications (default 2,000). */
  instances?: number;
  /** Number of applications (default 4). */
  apps?: number;
  /** Same seed, same fleet (default 'ens-dashboard'). */
  seed?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  /** Durations of pushes and distributions are divided by this (default 1). */
  timeScale?: number;
  /** Simulated teams start new rollouts every few minutes (default true; false for tests). */
  activity?: boolean;
  /** Silence request logging (default true). */
  quiet?: boolean;
}

export interface RunningSimulator {
  /** Base URL, e.g. http://127.0.0.1:8787 */
  url: string;
  /** host:port, what an SDK's `endpoint` setting takes. */
  endpoint: string;
  port: number;
  accessKeyId: string;
  accessKeySecret: string;
  close(): Promise<void>;
}

/** The ENS model behind the HTTP front. Every method is synchronous and in memory. */
export interface SimStore {
  /** Runs one ENS action; throws SimError for anything the service would reject. */
  handle(action: string, params: ActionParams): unknown;
  /** Moves the simulated clock forward (test control `POST /__sim/clock`). */
  advance(seconds: number): void;
  /** Back to the seeded fleet and a fresh clock (test control `POST /__sim/reset`). */
  reset(): void;
  /** Current simulated time, ms since the epoch. */
  now(): number;
  /**
   * Pushes started from now on to these nodes fail with `reason` (test control
   * `POST /__sim/push-failures`); an empty map stops forcing. `reset()` clears it.
   */
  forcePushFailures(failures: ReadonlyMap<string, string>): void;
  /** Stops background activity timers. */
  stop(): void;
}

export interface StoreOptions {
  instances: number;
  apps: number;
  seed: string;
  timeScale: number;
  activity: boolean;
  /** Readings of the docs' open questions; default: DEFAULT_DIALECT. */
  dialect?: SimDialect;
}
