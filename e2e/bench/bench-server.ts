import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/**
 * The dashboard as `npm start` runs it (scripts/start.mjs), in simulator mode with one
 * seeded application of `instances` instances and its database in `dir`: the server the
 * page benchmarks measure. `env` adds or overrides variables.
 */
export function startBenchServer(options: {
  port: number;
  simPort: number;
  instances: number;
  dir: string;
  env?: Record<string, string>;
}): ChildProcess {
  return spawn(process.execPath, ['scripts/start.mjs'], {
    env: {
      ...process.env,
      PORT: String(options.port),
      ENS_MODE: 'simulator',
      SIMULATOR_PORT: String(options.simPort),
      SIMULATOR_ACTIVITY: 'off',
      SIMULATOR_INSTANCES: String(options.instances),
      SIMULATOR_APPS: '1',
      SIMULATOR_SEED: 'bench',
      DATABASE_URL: `file:${join(options.dir, 'bench.db')}`,
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Waits until `${base}/api/health` answers 200, or throws at the deadline. */
export async function waitForHealth(base: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the dashboard did not become healthy');
}
