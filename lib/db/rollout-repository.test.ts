import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openDatabase, type Db, type NewRollout } from './index';
import { postgresEngine, sqliteEngine, type TestEngine } from './test-engines';

const ENGINES: TestEngine[] = [sqliteEngine(), postgresEngine()];

const rollout = (over: Partial<NewRollout> = {}): NewRollout => ({
  appId: 'app-1',
  idempotencyKey: 'key-00001',
  fingerprint: 'f1',
  names: ['game.pak'],
  state: 'running',
  plan: { stages: [] },
  progress: { currentStage: null },
  createdBy: 'ada',
  event: { at: 1, actor: 'ada', action: 'created', reason: 'first canary' },
  ...over,
});

describe.each(ENGINES)('RolloutRepository on $kind', (engine) => {
  let db: Db;
  let now = 1_000_000;

  beforeEach(async (ctx) => {
    if (engine.skipReason) ctx.skip();
    now = 1_000_000;
    db = await openDatabase(await engine.create(), { clock: () => now });
  });
  afterEach(async () => {
    await db?.close();
    await engine.dispose();
  });

  test('one rollout per idempotency key: the same key answers the first rollout', async () => {
    const first = await db.rollouts.create(rollout());
    expect(first.kind).toBe('created');
    const again = await db.rollouts.create(rollout({ names: ['other.pak'] }));
    expect(again).toMatchObject({
      kind: 'existing',
      rollout: { id: first.kind === 'created' ? first.rollout.id : '' },
    });
  });

  test('one active rollout per (application, file name); the name is free again once released', async () => {
    const first = await db.rollouts.create(rollout());
    if (first.kind !== 'created') throw new Error('not created');
    const second = await db.rollouts.create(rollout({ idempotencyKey: 'key-00002', names: ['x.pak', 'game.pak'] }));
    expect(second).toEqual({ kind: 'conflict', rolloutId: first.rollout.id, name: 'game.pak' });
    // Nothing of the refused rollout was kept, not even its other name's lock.
    expect(await db.rollouts.holderOf('app-1', ['x.pak'])).toBeUndefined();
    // Another application may roll out a file of the same name.
    expect((await db.rollouts.create(rollout({ appId: 'app-2', idempotencyKey: 'key-00003' }))).kind).toBe('created');

    await db.rollouts.update(first.rollout.id, 1, { state: 'aborted', progress: {}, releaseNames: true });
    expect((await db.rollouts.create(rollout({ idempotencyKey: 'key-00004' }))).kind).toBe('created');
  });

  test('an update names the revision it read: a second writer of the same revision loses', async () => {
    const created = await db.rollouts.create(rollout());
    if (created.kind !== 'created') throw new Error('not created');
    const id = created.rollout.id;
    now += 5;
    const a = await db.rollouts.update(id, 1, {
      state: 'paused',
      progress: { n: 1 },
      events: [{ at: now, actor: 'bob', action: 'pause', reason: 'lunch', stage: 'canary' }],
    });
    expect(a).toMatchObject({ state: 'paused', revision: 2, updatedAt: now, progress: { n: 1 } });
    const b = await db.rollouts.update(id, 1, {
      state: 'aborted',
      progress: {},
      events: [{ at: now, actor: 'eve', action: 'abort', reason: 'late' }],
    });
    expect(b).toBeUndefined();
    expect((await db.rollouts.get(id))?.state).toBe('paused');
    expect(await db.rollouts.events(id)).toEqual([
      { at: 1, actor: 'ada', action: 'created', reason: 'first canary' },
      { at: now, actor: 'bob', action: 'pause', reason: 'lunch', stage: 'canary' },
    ]);
  });

  test('lists newest first, by state; plans are saved per application and replaced by name', async () => {
    await db.rollouts.create(rollout());
    now += 10;
    await db.rollouts.create(rollout({ idempotencyKey: 'key-00002', names: ['b.pak'], state: 'halted' }));
    expect((await db.rollouts.list('app-1')).map((r) => r.names[0])).toEqual(['b.pak', 'game.pak']);
    expect((await db.rollouts.list('app-1', { states: ['halted'] })).map((r) => r.state)).toEqual(['halted']);
    expect(await db.rollouts.list('app-9')).toEqual([]);

    await db.rollouts.savePlan({ appId: 'app-1', name: 'canary', stages: [{ name: 'a' }], createdBy: 'ada' });
    await db.rollouts.savePlan({ appId: 'app-1', name: 'canary', stages: [{ name: 'b' }], createdBy: 'bob' });
    const plans = await db.rollouts.listPlans('app-1');
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({ name: 'canary', stages: [{ name: 'b' }], createdBy: 'bob' });
  });
});
