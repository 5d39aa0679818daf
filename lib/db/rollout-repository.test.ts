import { describe, expect, test } from 'vitest';
import type { NewRollout } from './index';
import { databaseForEachTest } from './test-database';
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
  const t = databaseForEachTest(engine);

  test('one rollout per idempotency key: the same key answers the first rollout', async () => {
    const first = await t.db.rollouts.create(rollout());
    expect(first.kind).toBe('created');
    const again = await t.db.rollouts.create(rollout({ names: ['other.pak'] }));
    expect(again).toMatchObject({
      kind: 'existing',
      rollout: { id: first.kind === 'created' ? first.rollout.id : '' },
    });
  });

  test('one active rollout per (application, file name); the name is free again once released', async () => {
    const first = await t.db.rollouts.create(rollout());
    if (first.kind !== 'created') throw new Error('not created');
    const second = await t.db.rollouts.create(rollout({ idempotencyKey: 'key-00002', names: ['x.pak', 'game.pak'] }));
    expect(second).toEqual({ kind: 'conflict', rolloutId: first.rollout.id, name: 'game.pak' });
    // Nothing of the refused rollout was kept, not even its other name's lock.
    expect(await t.db.rollouts.holderOf('app-1', ['x.pak'])).toBeUndefined();
    // Another application may roll out a file of the same name.
    expect((await t.db.rollouts.create(rollout({ appId: 'app-2', idempotencyKey: 'key-00003' }))).kind).toBe('created');

    await t.db.rollouts.update(first.rollout.id, 1, { state: 'aborted', progress: {}, releaseNames: true });
    expect((await t.db.rollouts.create(rollout({ idempotencyKey: 'key-00004' }))).kind).toBe('created');
  });

  test('an update names the revision it read: a second writer of the same revision loses', async () => {
    const created = await t.db.rollouts.create(rollout());
    if (created.kind !== 'created') throw new Error('not created');
    const id = created.rollout.id;
    t.now += 5;
    const a = await t.db.rollouts.update(id, 1, {
      state: 'paused',
      progress: { n: 1 },
      events: [{ at: t.now, actor: 'bob', action: 'pause', reason: 'lunch', stage: 'canary' }],
    });
    expect(a).toMatchObject({ state: 'paused', revision: 2, updatedAt: t.now, progress: { n: 1 } });
    const b = await t.db.rollouts.update(id, 1, {
      state: 'aborted',
      progress: {},
      events: [{ at: t.now, actor: 'eve', action: 'abort', reason: 'late' }],
    });
    expect(b).toBeUndefined();
    expect((await t.db.rollouts.get(id))?.state).toBe('paused');
    expect(await t.db.rollouts.events(id)).toEqual([
      { at: 1, actor: 'ada', action: 'created', reason: 'first canary' },
      { at: t.now, actor: 'bob', action: 'pause', reason: 'lunch', stage: 'canary' },
    ]);
  });

  test('lists newest first, by state; plans are saved per application and replaced by name', async () => {
    await t.db.rollouts.create(rollout());
    t.now += 10;
    await t.db.rollouts.create(rollout({ idempotencyKey: 'key-00002', names: ['b.pak'], state: 'halted' }));
    expect((await t.db.rollouts.list('app-1')).map((r) => r.names[0])).toEqual(['b.pak', 'game.pak']);
    expect((await t.db.rollouts.list('app-1', { states: ['halted'] })).map((r) => r.state)).toEqual(['halted']);
    expect(await t.db.rollouts.list('app-9')).toEqual([]);

    await t.db.rollouts.savePlan({ appId: 'app-1', name: 'canary', stages: [{ name: 'a' }], createdBy: 'ada' });
    await t.db.rollouts.savePlan({ appId: 'app-1', name: 'canary', stages: [{ name: 'b' }], createdBy: 'bob' });
    const plans = await t.db.rollouts.listPlans('app-1');
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({ name: 'canary', stages: [{ name: 'b' }], createdBy: 'bob' });
  });
  test('notifications are written with the timeline, in the same transaction, or not at all', async () => {
    const outbox = () => t.db.kysely.selectFrom('notification_outbox').select(['id', 'type']).orderBy('id').execute();
    const created = await t.db.rollouts.create(
      rollout({
        notify: (r) => [
          { id: `${r.id}.1.0`, appId: 'app-1', type: 'rollout.started', severity: 'info', occurredAt: 1, payload: {} },
        ],
      }),
    );
    if (created.kind !== 'created') throw new Error('not created');
    const id = created.rollout.id;
    const halted = (revision: number) => [
      {
        id: `${id}.${revision}.0`,
        appId: 'app-1',
        type: 'rollout.halted',
        severity: 'critical',
        occurredAt: 2,
        payload: {},
      },
    ];
    expect(
      await t.db.rollouts.update(id, 1, { state: 'halted', progress: {}, notifications: halted(2) }),
    ).toBeDefined();
    // A writer that read revision 1 too loses: neither its timeline nor its notification is kept.
    expect(
      await t.db.rollouts.update(id, 1, { state: 'paused', progress: {}, notifications: halted(2) }),
    ).toBeUndefined();
    expect(await outbox()).toEqual([
      { id: `${id}.1.0`, type: 'rollout.started' },
      { id: `${id}.2.0`, type: 'rollout.halted' },
    ]);
    // A refused create (the name is held) leaves no notification behind.
    await t.db.rollouts.create(
      rollout({
        idempotencyKey: 'key-00009',
        notify: (r) => [
          { id: `${r.id}.1.0`, appId: 'app-1', type: 'rollout.started', severity: 'info', occurredAt: 1, payload: {} },
        ],
      }),
    );
    expect(await outbox()).toHaveLength(2);
  });
});
