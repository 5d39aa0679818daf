import type { Db, VersionKey } from '@/lib/db';
import { checkStageRegions, createRolloutBodySchema } from '@/lib/contracts/rollouts';
import type { DistRow } from '@/lib/domain/version-detail';
import type { EnsClient } from '@/lib/ens/client';
import { ensNow } from '@/lib/ens/clock';
import { fetchAllDistribution } from '@/lib/ens/fetch-all';
import { attachRegions, getInstanceRegions } from '@/lib/ens/inventory';
import { Watcher } from '@/lib/server/watcher/watcher';
import { versionLoader } from '@/lib/server/watcher/test-support';
import { RolloutEngine } from './engine';
import { initialProgress, planFromBody } from './model';

/*
 * The engine as the leader runs it, for tests: the real client against a simulator, a
 * real database, the real watcher sweeping, and ENS time from the answers. Not a test
 * file itself.
 */

export interface EngineRig {
  engine: RolloutEngine;
  watcher: Watcher;
  /** One leader tick: sweep, then judge. */
  tick(): Promise<void>;
  held: Map<string, { rows: readonly DistRow[]; fetchedAt: number }>;
}

export function engineRig(db: Db, client: EnsClient): EngineRig {
  const held = new Map<string, { rows: readonly DistRow[]; fetchedAt: number }>();
  const id = (key: VersionKey) => JSON.stringify([key.appId, key.name, key.version]);
  // Wired as the leader wires it (lib/server/watcher/index.ts), settled cadence included.
  const watcher: Watcher = new Watcher({
    db,
    load: versionLoader(client),
    publish: (key, rows, fetchedAt) => held.set(id(key), { rows, fetchedAt }),
    intervalMs: 5_000,
    busy: () => engine.versionsInMotion(),
  });
  const engine = new RolloutEngine({
    db,
    ens: client,
    rowsOf: (key) => held.get(id(key)),
    inventory: (appId) => getInstanceRegions(client, appId),
    fileRows: async (appId, name, regionIds) => {
      const [{ rows }, regions] = await Promise.all([
        fetchAllDistribution(client, { appId, dataNames: [name], ensRegionIds: [...regionIds] }),
        getInstanceRegions(client, appId),
      ]);
      return attachRegions(rows, regions);
    },
    now: ensNow,
  });
  return {
    engine,
    watcher,
    held,
    async tick() {
      const sweep = await watcher.sweep();
      if (sweep.errors.length > 0) throw sweep.errors[0];
      const report = await engine.run();
      if (report.errors.length > 0) throw report.errors[0];
    },
  };
}

/** Creates a rollout as the API does (same schema, same region checks), straight in the database. */
export async function createTestRollout(db: Db, client: EnsClient, appId: string, body: unknown, createdBy = 'ana') {
  const parsed = createRolloutBodySchema.parse(body);
  const known = (await client.describeApplication({ appId })).regionIds;
  const { issues, regions } = checkStageRegions(parsed.stages, known);
  if (issues.length > 0) throw new Error(issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const plan = planFromBody(parsed, regions);
  const result = await db.rollouts.create({
    appId,
    idempotencyKey: parsed.idempotencyKey ?? `test-${Math.random().toString(36).slice(2)}`,
    fingerprint: 'test',
    names: [...new Set(parsed.data.map((f) => f.name))],
    state: plan.startApproval ? 'pending-approval' : 'running',
    plan,
    progress: initialProgress(plan),
    createdBy,
    event: { at: ensNow(), actor: createdBy, action: 'created', reason: 'test' },
  });
  if (result.kind !== 'created') throw new Error(`rollout not created: ${result.kind}`);
  return result.rollout;
}
