import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { openDatabase, type Db, type StoredRollout } from '@/lib/db';
import { postgresEngine, sqliteEngine, type TestEngine } from '@/lib/db/test-engines';
import type { RolloutAction } from '@/lib/domain/rollout-states';
import type { EnsClient } from '@/lib/ens/client';
import { ensNow, resetEnsClock } from '@/lib/ens/clock';
import { getInstanceRegions } from '@/lib/ens/inventory';
import { startSimulator, type RunningSimulator } from '@/lib/simulator';
import { buildFleet } from '@/lib/simulator/fleet';
import { advanceSimClock, clientFor, simControl } from '@/lib/server/watcher/test-support';
import { performAction } from './actions';
import { createTestRollout, engineRig, type EngineRig } from './engine-support';
import { progressSchema } from './model';

/*
 * The engine against the simulator, its clock advanced, asserting on what the
 * simulator received (/__sim/records): which writes, how many, to which regions.
 */

const SEED = 'rollout-engine';
const INSTANCES = 1500;
const APPS = 4;

let sim: RunningSimulator;
let client: EnsClient;
let appId: string;
/** Healthy regions of the app with at least 3 instances, largest first. */
let healthy: string[];
let failing: string;

interface WriteRecord {
  action: string;
  at: number;
  params: Record<string, string>;
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, instances: INSTANCES, apps: APPS, seed: SEED, activity: false });
  client = clientFor(sim);
  const fleet = buildFleet({ seed: SEED, instances: INSTANCES, apps: APPS, anchorMs: Date.now() });
  failing = fleet.failingRegionId;
  const unhealthy = new Set([fleet.failingRegionId, ...fleet.flakyRegionIds, ...fleet.slowRegionIds]);
  // The app with the most instances in the failing region: its canary there has numbers.
  let best = { appId: '', failingCount: -1, healthy: [] as string[] };
  for (const app of (await client.listApplications()).apps) {
    const byInstance = await getInstanceRegions(client, app.appId);
    const counts = new Map<string, number>();
    for (const r of byInstance.values()) counts.set(r, (counts.get(r) ?? 0) + 1);
    const ok = [...counts]
      .filter(([r, n]) => !unhealthy.has(r) && n >= 3)
      .sort((a, b) => b[1] - a[1])
      .map(([r]) => r);
    const failingCount = counts.get(failing) ?? 0;
    if (ok.length >= 4 && failingCount > best.failingCount) best = { appId: app.appId, failingCount, healthy: ok };
  }
  appId = best.appId;
  healthy = best.healthy;
  expect(best.failingCount).toBeGreaterThanOrEqual(4);
});

afterAll(async () => {
  await sim?.close();
});

const ENGINES: TestEngine[] = [sqliteEngine(), postgresEngine()];

const policy = (regions: string[]) => [{ name: 'ScheduleToRegionId', operator: 'In', values: regions }];
const file = (version = `v-${randomBytes(3).toString('hex')}`, name = 'engine.pak') => ({
  name,
  version,
  size: 1024,
  archiveType: 'tar.gz' as const,
  md5: '',
  url: `https://files.example.com/${name}`,
  timeout: 1800,
});
const distribute = { destPath: '/root/installed', decompress: true, timeout: 1800 };

async function writes(): Promise<WriteRecord[]> {
  return (await simControl<{ records: WriteRecord[] }>(sim, 'records')).records;
}

/** The regions a recorded write targeted, from its strategy (or its EnsRegionId). */
function regionsOf(record: WriteRecord): string[] {
  const strategy = record.params.PushStrategy ?? record.params.DistStrategy;
  if (strategy) {
    const found: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          if (k === 'values' && Array.isArray(x)) found.push(...x.map(String));
          else walk(x);
        }
    };
    walk(JSON.parse(strategy));
    return found.sort();
  }
  return record.params.EnsRegionId ? [record.params.EnsRegionId] : [];
}

const versionsOf = (record: WriteRecord) =>
  (JSON.parse(record.params.Data ?? '[]') as { version: string }[]).map((d) => d.version);

describe.each(ENGINES)('the rollout engine on $kind', (dbEngine) => {
  let db: Db;
  let url: string;
  let rig: EngineRig;
  const LOCK = 4242;

  beforeEach(async (ctx) => {
    if (dbEngine.skipReason) ctx.skip();
    await simControl(sim, 'reset', {});
    resetEnsClock();
    url = await dbEngine.create();
    db = await openDatabase(url);
    rig = engineRig(db, client);
  });
  afterEach(async () => {
    await db?.close();
    await dbEngine.dispose();
  });

  async function load(id: string): Promise<StoredRollout> {
    const stored = await db.rollouts.get(id);
    if (!stored) throw new Error(`no rollout ${id}`);
    return stored;
  }

  const progressOf = async (id: string) => progressSchema.parse((await load(id)).progress);

  /** Advances the simulated clock and ticks until `done` holds (or fails after `max` ticks). */
  async function runUntil(id: string, done: (r: StoredRollout) => boolean | Promise<boolean>, step = 30, max = 200) {
    for (let i = 0; i < max; i++) {
      const current = await load(id);
      if (await done(current)) return current;
      await advanceSimClock(sim, step);
      await rig.tick();
    }
    const last = await load(id);
    throw new Error(`not reached after ${max} ticks: ${last.state} ${JSON.stringify(last.progress).slice(0, 600)}`);
  }

  async function act(id: string, action: RolloutAction, reason: string, actor = 'bea') {
    const written = await performAction(
      db,
      await load(id),
      action,
      { reason },
      actor,
      (k) => rig.held.get(JSON.stringify([k.appId, k.name, k.version])),
      ensNow(),
    );
    expect(written).toBeDefined();
    return written!;
  }

  const stageState = async (id: string, index: number) => (await progressOf(id)).stages[index]?.state;

  /** A rollout of one file (a fresh one unless given) with the shared distribution settings, created as the API does. */
  async function startRollout(stages: unknown[], f = file()) {
    const rollout = await createTestRollout(db, client, appId, { data: [f], distribute, stages });
    return { rollout, f };
  }

  test('a healthy three-stage rollout pushes and distributes once per stage, to exactly its new regions', async () => {
    const [a, b, c, d] = healthy as [string, string, string, string];
    const { rollout, f } = await startRollout([
      { name: 'canary', strategy: policy([a]), bakeSeconds: 120 },
      { name: 'wider', strategy: policy([a, b]), bakeSeconds: 120 },
      { name: 'rest', strategy: policy([a, b, c, d]), bakeSeconds: 60 },
    ]);
    // Judged on every sweep while it runs (the watcher never slows it down), not after.
    const key = { appId, name: f.name, version: f.version };
    expect(await rig.engine.versionsInMotion()).toContainEqual(key);
    const done = await runUntil(rollout.id, (r) => ['succeeded', 'halted'].includes(r.state));
    expect(done.state).toBe('succeeded');
    expect(await rig.engine.versionsInMotion()).not.toContainEqual(key);

    const mine = (await writes()).filter((w) => versionsOf(w).includes(f.version));
    const pushes = mine.filter((w) => w.action === 'PushApplicationData').map(regionsOf);
    const dists = mine.filter((w) => w.action === 'DistApplicationData').map(regionsOf);
    expect(pushes).toEqual([[a], [b], [c, d].sort()]);
    expect(dists).toEqual([[a], [b], [c, d].sort()]);

    const timeline = await db.rollouts.events(rollout.id);
    const actions = timeline.map((e) => `${e.stage ?? ''}:${e.action}`);
    // Stage 2's regions got the files while stage 1 baked, before stage 1 passed.
    expect(actions.indexOf('wider:pre-pushed-ahead')).toBeGreaterThan(-1);
    expect(actions.indexOf('wider:pre-pushed-ahead')).toBeLessThan(actions.indexOf('canary:stage-passed'));
    expect(actions.filter((x) => x.endsWith(':stage-passed'))).toEqual([
      'canary:stage-passed',
      'wider:stage-passed',
      'rest:stage-passed',
    ]);
    expect(timeline.at(-1)).toMatchObject({ actor: 'engine', action: 'succeeded' });
    // Its file name is free again for the next rollout.
    expect(await db.rollouts.holderOf(appId, [f.name])).toBeUndefined();
  });

  test('a stage that includes the failing region halts at its gate, with the numbers, and never touches the next stage', async () => {
    const [a, b] = healthy as [string, string];
    const { rollout, f } = await startRollout([
      { name: 'canary', strategy: policy([a]), bakeSeconds: 0 },
      { name: 'with-failing', strategy: policy([a, failing]), bakeSeconds: 0 },
      { name: 'rest', strategy: policy([a, failing, b]) },
    ]);
    const halted = await runUntil(rollout.id, (r) => r.state !== 'running');
    expect(halted.state).toBe('halted');
    const progress = progressSchema.parse(halted.progress);
    expect(progress.halt).toBe('breach');
    expect(progress.stages.map((s) => s.state)).toEqual(['passed', 'breached', 'pending']);
    const gate = progress.stages[1]!.gate!;
    expect(gate.failed).toBeGreaterThanOrEqual(gate.failureLimit);
    expect(gate.consecutiveBreaches).toBe(2);
    expect(progress.stopReason).toMatch(
      new RegExp(
        `^Stage with-failing halted: ${gate.failed} of ${gate.finished} finished instances failed .*confirmed on 2 evaluations`,
      ),
    );
    const timeline = await db.rollouts.events(rollout.id);
    expect(timeline.find((e) => e.action === 'halted')).toMatchObject({ actor: 'engine', stage: 'with-failing' });
    // The breach waited for confirmation: one "breaching" before the halt.
    expect(timeline.filter((e) => e.action === 'gate-breaching')).toHaveLength(1);

    // The halt is in the notification outbox once, with the numbers the gate decided on.
    const notes = await db.kysely.selectFrom('notification_outbox').selectAll().where('app_id', '=', appId).execute();
    const mine = notes
      .map((n) => JSON.parse(n.payload) as { type: string; rollout: { id: string }; gate?: unknown; text: string })
      .filter((n) => n.rollout.id === rollout.id);
    expect(mine.map((n) => n.type)).toEqual(['rollout.stage_passed', 'rollout.halted']);
    const halt = mine[1]!;
    expect(halt.text).toBe(progress.stopReason);
    expect(halt.gate).toMatchObject({
      verdict: 'breach',
      sentence: gate.reason,
      failed: gate.failed,
      finished: gate.finished,
      failureLimit: gate.failureLimit,
      population: progress.stages[1]!.population,
    });

    const touched = (await writes()).filter((w) => versionsOf(w).includes(f.version)).flatMap(regionsOf);
    expect(touched).not.toContain(b);
  });

  test('an approval waits; its timeout pauses the rollout; approving passes the stage', async () => {
    const [a, b] = healthy as [string, string];
    const { rollout, f } = await startRollout([
      { name: 'canary', strategy: policy([a]), bakeSeconds: 0, approval: true, approvalTimeoutSeconds: 600 },
      { name: 'all', strategy: policy([a, b]), bakeSeconds: 0 },
    ]);
    await runUntil(rollout.id, async () => (await stageState(rollout.id, 0)) === 'awaiting-approval');
    expect((await load(rollout.id)).state).toBe('running');
    const deadline = (await progressOf(rollout.id)).stages[0]!.approvalDeadline!;
    expect(deadline - ensNow()).toBeLessThanOrEqual(600_000);

    // Nothing widens while it waits; past the deadline it pauses with the reason.
    const paused = await runUntil(rollout.id, (r) => r.state !== 'running', 120, 10);
    expect(paused.state).toBe('paused');
    expect(progressSchema.parse(paused.progress).stopReason).toMatch(/nobody approved within 10 min/);
    const beforeApproval = (await writes()).filter((w) => versionsOf(w).includes(f.version));
    expect(beforeApproval.filter((w) => w.action === 'DistApplicationData').map(regionsOf)).toEqual([[a]]);

    await act(rollout.id, 'approve', 'canary looks fine');
    expect((await load(rollout.id)).state).toBe('running');
    expect(await stageState(rollout.id, 0)).toBe('passed');
    await runUntil(rollout.id, (r) => r.state === 'succeeded');
    const timeline = await db.rollouts.events(rollout.id);
    expect(timeline.find((e) => e.action === 'approve')).toMatchObject({ actor: 'bea', reason: 'canary looks fine' });
  });

  test('promote now skips the rest of the bake; a state that does not admit an action gets 409 naming it', async () => {
    const [a, b] = healthy as [string, string];
    const { rollout } = await startRollout([
      { name: 'canary', strategy: policy([a]), bakeSeconds: 7200 },
      { name: 'all', strategy: policy([a, b]), bakeSeconds: 0 },
    ]);
    await expect(act(rollout.id, 'promote', 'too early')).rejects.toMatchObject({
      status: 409,
      message: expect.stringMatching(/current stage is (pending|pre-pushing|distributing|verifying|not started)/),
    });
    await runUntil(rollout.id, async () => (await stageState(rollout.id, 0)) === 'baking');
    const bakeEndsAt = (await progressOf(rollout.id)).stages[0]!.bakeEndsAt!;
    await act(rollout.id, 'promote', 'hotfix, cannot wait');
    expect(await stageState(rollout.id, 0)).toBe('passed');
    await runUntil(rollout.id, (r) => r.state === 'succeeded');
    // Finished before the bake would have ended.
    expect(ensNow()).toBeLessThan(bakeEndsAt);
  });

  test('retry-failed re-targets only the stage’s regions with failed instances', async () => {
    const [a] = healthy as [string];
    const { rollout, f } = await startRollout([
      {
        name: 'canary',
        strategy: policy([a, failing]),
        bakeSeconds: 3600,
        // Lenient on purpose: the stage passes with its failures, and a person retries them.
        gate: { maxFailed: 1000, maxFailedPct: 100 },
      },
      { name: 'all', strategy: null },
    ]);
    await runUntil(rollout.id, async () => (await stageState(rollout.id, 0)) === 'baking');
    const rows = rig.held.get(JSON.stringify([appId, f.name, f.version]))!.rows;
    const failedRegions = [...new Set(rows.filter((r) => r.status === 'FAILED').map((r) => r.regionId!))].sort();
    expect(failedRegions).toContain(failing);

    await act(rollout.id, 'retry-failed', 'transient download errors');
    await rig.tick();
    const dists = (await writes()).filter(
      (w) => w.action === 'DistApplicationData' && versionsOf(w).includes(f.version),
    );
    expect(dists.map(regionsOf)).toEqual([[a, failing].sort(), failedRegions]);
    expect((await db.rollouts.events(rollout.id)).map((e) => e.action)).toContain('retried');
    // The population is counted once, however often it was retried.
    const progress = await progressOf(rollout.id);
    expect(progress.stages[0]!.population).toBe(rows.filter((r) => [a, failing].includes(r.regionId!)).length);
  });

  test('a breach with onBreach: rollback restores the previous version each instance had, recorded before distributing', async () => {
    const [a] = healthy as [string];
    // Version 1 everywhere in the region first, as an earlier rollout left it.
    const v1 = file('v1-base');
    await client.pushApplicationData({ appId, data: [v1], regionIds: [a] });
    await advanceSimClock(sim, 900);
    await client.distApplicationData({
      appId,
      data: [{ ...distribute, name: v1.name, version: v1.version }],
      regionIds: [a],
    });
    await advanceSimClock(sim, 3600);

    const v2 = file('v2-bad');
    const { rollout } = await startRollout(
      [
        {
          name: 'canary',
          strategy: policy([a]),
          // Strict on purpose: an instance still downloading after a minute counts as failed.
          gate: { stuckAfterSeconds: 60, maxFailed: 1, maxFailedPct: 0 },
          onBreach: 'rollback',
        },
        { name: 'all', strategy: null },
      ],
      v2,
    );
    const after = await runUntil(
      rollout.id,
      (r) => ['rolled-back', 'rollback-failed', 'halted', 'succeeded'].includes(r.state),
      60,
    );
    expect([after.state, progressSchema.parse(after.progress).stopReason]).toEqual(['rolled-back', undefined]);
    const progress = progressSchema.parse(after.progress);
    const targets = progress.rollback!.targets;
    expect(targets.length).toBeGreaterThan(0);
    expect(targets.every((t) => t.regionId === a && t.action === 'distribute' && t.version === v1.version)).toBe(true);

    const rollbackWrites = (await writes()).filter(
      (w) => w.action === 'DistApplicationData' && versionsOf(w).includes(v1.version),
    );
    // The base distribution, then exactly one rollback distribution of version 1 to the region.
    expect(rollbackWrites.map(regionsOf)).toEqual([[a], [a]]);
    const actions = (await db.rollouts.events(rollout.id)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['breached', 'rollback-started', 'rollback-sent', 'rolled-back']));
  });

  test('a restart mid-bake resumes where it was, without sending anything twice', async () => {
    const [a, b] = healthy as [string, string];
    const { rollout, f } = await startRollout([
      { name: 'canary', strategy: policy([a]), bakeSeconds: 600 },
      { name: 'all', strategy: policy([a, b]), bakeSeconds: 0 },
    ]);
    await runUntil(rollout.id, async () => (await stageState(rollout.id, 0)) === 'baking');
    // A new process: a new watcher and engine on the same database.
    rig = engineRig(db, client);
    await runUntil(rollout.id, (r) => r.state === 'succeeded', 60);
    const mine = (await writes()).filter((w) => versionsOf(w).includes(f.version));
    expect(mine.map((w) => `${w.action} ${regionsOf(w).join(',')}`)).toEqual([
      `PushApplicationData ${a}`,
      `DistApplicationData ${a}`,
      `PushApplicationData ${b}`,
      `DistApplicationData ${b}`,
    ]);
  });

  test('a crash between the write-ahead record and ENS’s answer halts as unknown, never a blind retry', async () => {
    const [a] = healthy as [string];
    const { rollout, f } = await startRollout([{ name: 'only', strategy: policy([a]), bakeSeconds: 0 }]);
    // The process wrote the distribution's record and died before ENS answered (the
    // record is written as the engine writes it); start-up recovery marks it unknown.
    await db.pushes.createPending({
      appId,
      actor: 'engine',
      idempotencyKey: `rollout:${rollout.id}:0:dist:1`,
      data: [f],
      kind: 'distribution',
    });
    await db.pushes.markPendingAsUnknown();
    const halted = await runUntil(rollout.id, (r) => r.state !== 'running', 60);
    expect(halted.state).toBe('halted');
    expect(progressSchema.parse(halted.progress).stopReason).toMatch(/interrupted before ENS answered/);
    const dists = () =>
      writes().then((w) => w.filter((x) => x.action === 'DistApplicationData' && versionsOf(x).includes(f.version)));
    expect(await dists()).toHaveLength(0);

    // A person checked and resumes: sent once, under a new key.
    await act(rollout.id, 'resume', 'checked the version page: nothing was distributed');
    await runUntil(rollout.id, (r) => r.state === 'succeeded', 60);
    expect(await dists()).toHaveLength(1);
  });

  test('ENS unreadable for 4 evaluations in a row halts as inconclusive, not failed; resume judges again', async () => {
    const [a] = healthy as [string];
    // A client of its own without a circuit breaker: the other tests' client stays closed.
    rig = engineRig(db, clientFor(sim, { circuit: false, readDeadlineMs: 500 }));
    const { rollout } = await startRollout([{ name: 'only', strategy: policy([a]), bakeSeconds: 0 }]);
    await runUntil(rollout.id, async () => (await stageState(rollout.id, 0)) === 'verifying');
    await simControl(sim, 'faults', { errorRate: 1 });
    for (let i = 0; i < 3; i++) {
      await rig.watcher.sweep();
      await rig.engine.run();
    }
    expect((await load(rollout.id)).state).toBe('running');
    await rig.watcher.sweep();
    await rig.engine.run();
    const halted = await load(rollout.id);
    expect(halted.state).toBe('halted');
    const progress = progressSchema.parse(halted.progress);
    expect(progress.halt).toBe('inconclusive');
    expect(progress.stopReason).toMatch(/could not be read for 4 evaluations in a row.*inconclusive \(not failed\)/);
    expect(progress.stages[0]!.state).toBe('verifying');

    await simControl(sim, 'faults', {});
    await act(rollout.id, 'resume', 'ENS is back');
    expect((await runUntil(rollout.id, (r) => r.state !== 'running', 60)).state).toBe('succeeded');
  });

  test('a leader change (another process on the same database) resumes without a duplicate call', async (ctx) => {
    // SQLite has one process by construction: there is no other leader to hand over to.
    if (dbEngine.kind !== 'postgres') ctx.skip();
    const [a, b] = healthy as [string, string];
    const { rollout, f } = await startRollout([
      { name: 'canary', strategy: policy([a]), bakeSeconds: 300 },
      { name: 'all', strategy: policy([a, b]), bakeSeconds: 0 },
    ]);
    expect(await db.tryAcquireLeadership(LOCK)).toBe(true);
    await runUntil(rollout.id, async () => (await stageState(rollout.id, 0)) === 'baking');
    // Another replica on the same database cannot lead while this one does…
    const other = await openDatabase(url);
    expect(await other.tryAcquireLeadership(LOCK)).toBe(false);
    // …and takes over once the leader's process is gone (its session, and the lock, with it).
    await db.close();
    expect(await other.tryAcquireLeadership(LOCK)).toBe(true);
    db = other;
    rig = engineRig(db, client);
    await runUntil(rollout.id, (r) => r.state === 'succeeded', 60);
    const mine = (await writes()).filter((w) => versionsOf(w).includes(f.version));
    expect(mine.filter((w) => w.action === 'DistApplicationData').map(regionsOf)).toEqual([[a], [b]]);
  });
});
