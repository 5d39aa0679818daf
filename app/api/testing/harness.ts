/**
 * Runs the real route handlers against the real simulator over HTTP and a real
 * SQLite file, by calling the exported handlers with real `Request`s. Environment is
 * set before any dashboard module loads, because lib/config reads it once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningSimulator } from '@/lib/simulator';

export interface Harness {
  sim: RunningSimulator;
  call(handler: Handler, path: string, init?: RequestInit & { params?: Record<string, string> }): Promise<Response>;
  stats(): Promise<{ calls: Record<string, number>; rejected: Record<string, number>; total: number }>;
  simPost(path: string, body: unknown): Promise<void>;
  /**
   * Clears every fault and starts from a fresh ENS client (closed circuit) and empty
   * read caches, so a test does not depend on what earlier tests did to them.
   */
  isolate(): Promise<void>;
  close(): Promise<void>;
}

type Handler = (
  request: Request,
  context: { params: Promise<Record<string, string | string[] | undefined>> },
) => Promise<Response>;

export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'ens-routes-'));
  Object.assign(process.env, {
    ENS_MODE: 'simulator',
    DATABASE_URL: `file:${join(dir, 'dashboard.db')}`,
    ENS_READ_DEADLINE_MS: '1500',
    ENS_READ_TIMEOUT_MS: '1000',
    ENS_CACHE_TTL_MS: '200',
    // Route tests push far more than a person would; auth.test.ts tests the limit itself.
    PUSH_RATE_LIMIT_PER_MINUTE: '0',
    // What scripts/server.mjs sets; tests send it with x-ens-peer-address as the server would.
    ENS_PEER_PROOF: 'test-peer-proof',
    ...env,
  });
  const { startSimulator } = await import('@/lib/simulator');
  const { setEmbeddedConnection } = await import('@/lib/ens/connection');
  const sim = await startSimulator({ port: 0, instances: 600, apps: 3, seed: 'route-tests', activity: false });
  setEmbeddedConnection({
    endpoint: sim.endpoint,
    protocol: 'http',
    accessKeyId: sim.accessKeyId,
    accessKeySecret: sim.accessKeySecret,
  });

  const simPost = async (path: string, body: unknown) => {
    const response = await fetch(`${sim.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
  };
  return {
    sim,
    simPost,
    async call(handler, path, init = {}) {
      const { params = {}, ...rest } = init;
      return handler(new Request(`http://dashboard.test${path}`, rest), { params: Promise.resolve(params) });
    },
    async isolate() {
      await simPost('/__sim/faults', {});
      const shared = globalThis as typeof globalThis & {
        __ensClient?: unknown;
        __ensReadCaches?: Map<string, unknown>;
      };
      shared.__ensClient = undefined;
      shared.__ensReadCaches?.clear();
    },
    async stats() {
      return (await fetch(`${sim.url}/__sim/stats`)).json() as Promise<{
        calls: Record<string, number>;
        rejected: Record<string, number>;
        total: number;
      }>;
    },
    async close() {
      await sim.close();
      const { getDb } = await import('@/lib/db/server');
      await (await getDb()).close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
