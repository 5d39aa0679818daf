export { startSimulator } from './server';
export { SimError } from './errors';
export type { ActionParams, RunningSimulator, SimStore, SimulatorOptions, StoreOptions } from './types';
export type { Faults } from './faults';
export type { StatsSnapshot } from './stats';
