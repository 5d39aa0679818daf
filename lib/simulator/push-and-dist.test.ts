import { describe, expect, test } from 'vitest';
import { buildDistItem, buildPushItem, dataParam, matchExpressionsStrategy, regionStrategy } from './builders';
import type { App } from './fleet';
import {
  call,
  distRows,
  pinProfiles,
  pushRows,
  regionOfInstance,
  rejection,
  testStore,
  withoutRequestId,
  type DistCallResponse,
  type DistResponse,
  type PushCallResponse,
  type PushResponse,
  type TestStore,
} from './testing';

/** Push durations top out near 1,350 s and distributions near 800 s; at timeScale 10 this is past both. */
const SETTLE_SECONDS = 300;

function regionIds(app: App): string[] {
  return app.regions.map((r) => r.region.id);
}

function push(t: TestStore, params: Record<string, string> = {}, item = buildPushItem()): PushCallResponse {
  return call<PushCallResponse>(t.store, 'PushApplicationData', {
    AppId: t.app().id,
    Data: dataParam([item]),
    ...params,
  });
}

function dist(t: TestStore, params: Record<string, string> = {}, item = buildDistItem()): DistCallResponse {
  return call<DistCallResponse>(t.store, 'DistApplicationData', {
    AppId: t.app().id,
    Data: dataParam([item]),
    ...params,
  });
}

function pushState(t: TestStore, name = 'app01') {
  return pushRows(call<PushResponse>(t.store, 'DescribeDataPushResult', { AppId: t.app().id, DataNames: name }));
}

function distState(t: TestStore, name = 'app01') {
  return distRows(call<DistResponse>(t.store, 'DescribeDataDistResult', { AppId: t.app().id, DataNames: name }));
}

function resultCode(response: PushCallResponse | DistCallResponse): number | undefined {
  const results = 'PushResults' in response ? response.PushResults.PushResult : response.DistResults.DistResult;
  return results[0]?.ResultCode;
}

describe('PushApplicationData strategies', () => {
  const t = testStore({}, (w) => pinProfiles(w));
  const [a, b] = regionIds(t.app());

  test.each([
    ['ScheduleToRegionId', () => regionStrategy([a ?? '', b ?? ''])],
    ['ScheduleToAllByMatchExpressions', () => matchExpressionsStrategy([a ?? '', b ?? ''])],
    ['an array of two policies', () => `[${regionStrategy([a ?? ''])},${matchExpressionsStrategy([b ?? ''])}]`],
  ])('%s pushes to the selected regions only', (title, strategy) => {
    const item = buildPushItem({ name: `strategy-${title.replaceAll(' ', '-')}` });
    push(t, { PushStrategy: strategy() }, item);
    const rows = pushState(t, item.name);
    expect(rows.map((r) => r.regionId).sort()).toEqual([a, b].sort());
    expect(rows.every((r) => r.status === 'PUSHING')).toBe(true);
  });

  test('without a PushStrategy every region of the application is pushed', () => {
    const item = buildPushItem({ name: 'everywhere' });
    push(t, {}, item);
    expect(pushState(t, item.name).map((r) => r.regionId)).toEqual(regionIds(t.app()));
  });

  test('match expressions within one policy intersect', () => {
    const item = buildPushItem({ name: 'intersect' });
    const strategy = JSON.stringify({
      name: 'ScheduleToAllByMatchExpressions',
      parameters: {
        match_expressions: [
          { key: 'region_id', operator: 'In', values: [a, b] },
          { key: 'region_id', operator: 'In', values: [b] },
        ],
      },
    });
    push(t, { PushStrategy: strategy }, item);
    expect(pushState(t, item.name).map((r) => r.regionId)).toEqual([b]);
  });
});

describe('PushApplicationData ResultCode and per-region status', () => {
  test('0 for a new push, 200 while pushing, 100 once every selected region has it', () => {
    const t = testStore({}, (w) => pinProfiles(w));
    expect(push(t).PushResults.PushResult[0]).toMatchObject({
      Name: 'app01',
      Version: '1.0',
      ResultCode: 0,
      ResultDescrip: 'success',
    });
    expect(resultCode(push(t))).toBe(200);
    t.store.advance(SETTLE_SECONDS);
    expect(pushState(t).every((r) => r.status === 'SUCCESS' && r.descrip === 'Success')).toBe(true);
    expect(resultCode(push(t))).toBe(100);
  });

  test('per-region status goes PUSHING → SUCCESS or FAILED with a reason after time advances', () => {
    const t = testStore();
    const bad = regionIds(t.app())[1] ?? '';
    pinProfiles(t.world(), { push: [bad] });
    push(t);
    expect(new Set(pushState(t).map((r) => r.status))).toEqual(new Set(['PUSHING']));
    t.store.advance(SETTLE_SECONDS);
    const rows = pushState(t);
    expect(rows.filter((r) => r.status === 'FAILED').map((r) => r.regionId)).toEqual([bad]);
    expect(rows.find((r) => r.regionId === bad)?.descrip).toMatch(/origin|disk|reset|md5/);
    expect(rows.filter((r) => r.status === 'SUCCESS')).toHaveLength(regionIds(t.app()).length - 1);
  });

  test('300 when a selected region failed before; that region is pushed again', () => {
    const t = testStore();
    const bad = regionIds(t.app())[0] ?? '';
    pinProfiles(t.world(), { push: [bad] });
    push(t);
    t.store.advance(SETTLE_SECONDS);
    const again = push(t);
    expect(again.PushResults.PushResult[0]?.ResultCode).toBe(300);
    expect(again.PushResults.PushResult[0]?.ResultDescrip).toContain(bad);
    expect(pushState(t).find((r) => r.regionId === bad)?.status).toBe('PUSHING');
    expect(
      pushState(t)
        .filter((r) => r.regionId !== bad)
        .every((r) => r.status === 'SUCCESS'),
    ).toBe(true);
  });

  test('200 when some selected regions are still pushing and others are new; the new ones start', () => {
    const t = testStore({}, (w) => pinProfiles(w));
    const [a, b] = regionIds(t.app());
    push(t, { PushStrategy: regionStrategy([a ?? '']) });
    expect(resultCode(push(t, { PushStrategy: regionStrategy([a ?? '', b ?? '']) }))).toBe(200);
    expect(pushState(t).map((r) => r.regionId)).toEqual([a, b]);
  });

  test('each file of a multi-file Data gets its own result', () => {
    const t = testStore({}, (w) => pinProfiles(w));
    push(t);
    t.store.advance(SETTLE_SECONDS);
    const response = call<PushCallResponse>(t.store, 'PushApplicationData', {
      AppId: t.app().id,
      Data: dataParam([buildPushItem(), buildPushItem({ name: 'app02', archiveType: 'zip' })]),
    });
    expect(response.PushResults.PushResult.map((r) => [r.Name, r.ResultCode])).toEqual([
      ['app01', 100],
      ['app02', 0],
    ]);
  });
});

describe('DistApplicationData', () => {
  test('DistStrategy selects the instances of the chosen regions only', () => {
    const t = testStore({}, (w) => pinProfiles(w));
    const [, b, c] = regionIds(t.app());
    push(t);
    t.store.advance(SETTLE_SECONDS);
    const response = dist(t, { DistStrategy: matchExpressionsStrategy([b ?? '', c ?? '']) });
    const expected = [b, c].flatMap((id) => t.app().regionById.get(id ?? '')?.instanceIds ?? []);
    expect(response.DistInstanceTotalCount).toBe(expected.length);
    expect([...response.DistInstanceIds.DistInstanceId].sort()).toEqual([...expected].sort());
    expect(response.DistResults.DistResult[0]).toMatchObject({ Name: 'app01', Version: '1.0', ResultCode: 0 });
    const regionOf = regionOfInstance(t.app());
    expect(new Set(distState(t).map((r) => regionOf.get(r.instanceId)))).toEqual(new Set([b, c]));
  });

  test('instances go DISTING → SUCCESS after time advances', () => {
    const t = testStore({}, (w) => pinProfiles(w));
    push(t);
    t.store.advance(SETTLE_SECONDS);
    dist(t);
    const before = distState(t);
    expect(before).toHaveLength(t.app().instanceCount);
    expect(before.every((r) => r.status === 'DISTING' && r.descrip === 'Distributing')).toBe(true);
    t.store.advance(SETTLE_SECONDS);
    const after = distState(t);
    expect(after.every((r) => r.status === 'SUCCESS' && r.descrip === 'Success')).toBe(true);
    expect(after.every((r) => r.updateTime > r.startTime)).toBe(true);
  });

  test('a region that fails distributions makes its instances FAILED with a reason', () => {
    const t = testStore();
    const bad = regionIds(t.app())[0] ?? '';
    pinProfiles(t.world(), { dist: [bad] });
    push(t);
    t.store.advance(SETTLE_SECONDS);
    dist(t);
    t.store.advance(SETTLE_SECONDS);
    const regionOf = regionOfInstance(t.app());
    const rows = distState(t);
    const failed = rows.filter((r) => r.status === 'FAILED');
    expect(failed.length).toBe(t.app().regionById.get(bad)?.instanceIds.length);
    expect(failed.every((r) => regionOf.get(r.instanceId) === bad)).toBe(true);
    for (const r of failed) {
      expect(r.descrip).toMatch(
        /^(md5 checksum mismatch|download timeout after 600s|no space left on device|decompress failed: .+)$/,
      );
    }
  });

  test('distributing a file never pushed answers 300 and fails the instances with a clear reason', () => {
    const t = testStore({}, (w) => pinProfiles(w));
    const [a] = regionIds(t.app());
    const response = dist(t, { DistStrategy: regionStrategy([a ?? '']) });
    expect(response.DistResults.DistResult[0]?.ResultCode).toBe(300);
    expect(response.DistResults.DistResult[0]?.ResultDescrip).toContain(`data not pushed to region ${a}`);
    t.store.advance(SETTLE_SECONDS);
    const rows = distState(t);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.status).toBe('FAILED');
      expect(r.descrip).toBe(`data not pushed to region ${a}: run PushApplicationData first`);
    }
  });

  test('distributing where the push FAILED fails those instances and names the push failure', () => {
    const t = testStore();
    const [a, b] = regionIds(t.app());
    pinProfiles(t.world(), { push: [a ?? ''] });
    push(t, { PushStrategy: regionStrategy([a ?? '', b ?? '']) });
    t.store.advance(SETTLE_SECONDS);
    const response = dist(t, { DistStrategy: regionStrategy([a ?? '', b ?? '']) });
    expect(response.DistResults.DistResult[0]?.ResultCode).toBe(300);
    t.store.advance(SETTLE_SECONDS);
    const regionOf = regionOfInstance(t.app());
    const rows = distState(t);
    expect(
      rows
        .filter((r) => regionOf.get(r.instanceId) === a)
        .every((r) => r.status === 'FAILED' && r.descrip.startsWith(`data push to region ${a} failed`)),
    ).toBe(true);
    expect(rows.filter((r) => regionOf.get(r.instanceId) === b).every((r) => r.status === 'SUCCESS')).toBe(true);
  });

  test('distributing while the push is still running waits for it, then succeeds', () => {
    const t = testStore({}, (w) => pinProfiles(w));
    push(t);
    expect(resultCode(dist(t))).toBe(0);
    const waiting = distState(t);
    expect(
      waiting.every((r) => r.status === 'DISTING' && r.descrip === 'waiting for the file server push to finish'),
    ).toBe(true);
    t.store.advance(SETTLE_SECONDS * 2);
    expect(distState(t).every((r) => r.status === 'SUCCESS')).toBe(true);
  });

  test('200 while a distribution is running (nothing restarted), 100 once complete', () => {
    const t = testStore({}, (w) => pinProfiles(w));
    push(t);
    t.store.advance(SETTLE_SECONDS);
    dist(t);
    const running = dist(t);
    expect(running.DistResults.DistResult[0]?.ResultCode).toBe(200);
    expect(running.DistInstanceTotalCount).toBe(0);
    t.store.advance(SETTLE_SECONDS);
    const done = dist(t);
    expect(done.DistResults.DistResult[0]?.ResultCode).toBe(100);
    expect(done.DistInstanceIds.DistInstanceId).toEqual([]);
  });

  test('re-distributing after failures retries only the incomplete regions', () => {
    const t = testStore();
    const bad = regionIds(t.app())[0] ?? '';
    pinProfiles(t.world(), { dist: [bad] });
    push(t);
    t.store.advance(SETTLE_SECONDS);
    dist(t);
    t.store.advance(SETTLE_SECONDS);
    const retry = dist(t);
    expect(retry.DistResults.DistResult[0]?.ResultCode).toBe(0);
    expect([...retry.DistInstanceIds.DistInstanceId].sort()).toEqual(
      [...(t.app().regionById.get(bad)?.instanceIds ?? [])].sort(),
    );
  });
});

describe('CleanDistData', () => {
  test('marks the file DELETED on the given region only', () => {
    const t = testStore({}, (w) => pinProfiles(w));
    const [a] = regionIds(t.app());
    push(t);
    t.store.advance(SETTLE_SECONDS);
    dist(t);
    t.store.advance(SETTLE_SECONDS);
    const body = call<Record<string, unknown>>(t.store, 'CleanDistData', {
      AppId: t.app().id,
      DataName: 'app01',
      DataVersion: '1.0',
      EnsRegionId: a ?? '',
    });
    expect(Object.keys(body)).toEqual(['RequestId']);
    const regionOf = regionOfInstance(t.app());
    const rows = distState(t);
    expect(rows.filter((r) => r.status === 'DELETED').every((r) => regionOf.get(r.instanceId) === a)).toBe(true);
    expect(rows.filter((r) => r.status === 'DELETED')).toHaveLength(
      t.app().regionById.get(a ?? '')?.instanceIds.length ?? -1,
    );
    expect(rows.filter((r) => r.status === 'DELETED')[0]?.descrip).toBe('data cleaned by CleanDistData');
  });

  test.each([
    [{ DataName: 'never-distributed' }, 'InvalidParameter.DataName'],
    [{ DataName: 'app01', EnsRegionId: 'cn-nowhere-1' }, 'InvalidParameter.EnsRegionId'],
    [{}, 'MissingParameter'],
  ])('rejects %j with %s', (params, code) => {
    const t = testStore();
    expect(rejection(() => t.store.handle('CleanDistData', { AppId: t.app().id, ...params })).code).toBe(code);
  });
});

describe('rejected requests change nothing', () => {
  const goodPush = buildPushItem();
  const goodDist = buildDistItem();
  const cases: [action: string, params: Record<string, string>, code: string, message: RegExp][] = [
    ['PushApplicationData', { Data: 'not json' }, 'InvalidParameter.Data', /not valid JSON/],
    ['PushApplicationData', { Data: '{"name":"app01"}' }, 'InvalidParameter.Data', /JSON array/],
    ['PushApplicationData', { Data: '[]' }, 'InvalidParameter.Data', /at least one/],
    [
      'PushApplicationData',
      { Data: dataParam([goodPush, 'x']) },
      'InvalidParameter.Data',
      /Data\[1\] must be an object/,
    ],
    [
      'PushApplicationData',
      { Data: dataParam([{ ...goodPush, name: '' }]) },
      'InvalidParameter.Data',
      /Data\[0\]\.name/,
    ],
    [
      'PushApplicationData',
      { Data: dataParam([{ ...goodPush, version: 1 }]) },
      'InvalidParameter.Data',
      /Data\[0\]\.version/,
    ],
    [
      'PushApplicationData',
      { Data: dataParam([{ ...goodPush, size: '100' }]) },
      'InvalidParameter.Data',
      /Data\[0\]\.size must be a number/,
    ],
    [
      'PushApplicationData',
      { Data: dataParam([{ ...goodPush, archiveType: 'rar' }]) },
      'InvalidParameter.Data',
      /Data\[0\]\.archiveType "rar"/,
    ],
    [
      'PushApplicationData',
      { Data: dataParam([goodPush, { ...goodPush, name: 'b', md5: 'xyz' }]) },
      'InvalidParameter.Data',
      /Data\[1\]\.md5/,
    ],
    [
      'PushApplicationData',
      { Data: dataParam([{ ...goodPush, url: 'ftp://x/y' }]) },
      'InvalidParameter.Data',
      /Data\[0\]\.url/,
    ],
    [
      'PushApplicationData',
      { Data: dataParam([{ ...goodPush, timeout: 0 }]) },
      'InvalidParameter.Data',
      /Data\[0\]\.timeout/,
    ],
    ['PushApplicationData', { Data: dataParam([goodPush, goodPush]) }, 'InvalidParameter.Data', /Data\[1\] repeats/],
    [
      'PushApplicationData',
      { Data: dataParam([goodPush]), PushStrategy: '{"name":"ScheduleToRegionId"' },
      'InvalidParameter.PushStrategy',
      /JSON/,
    ],
    [
      'PushApplicationData',
      {
        Data: dataParam([goodPush]),
        PushStrategy: '{"name":"ScheduleToRegionId","parameters":{"operator":"NotIn","values":["cn-wuxi-5"]}}',
      },
      'InvalidParameter.PushStrategy',
      /"NotIn" is not supported/,
    ],
    [
      'PushApplicationData',
      {
        Data: dataParam([goodPush]),
        PushStrategy: '{"name":"ScheduleToInstanceId","parameters":{"operator":"In","values":["i-1"]}}',
      },
      'InvalidParameter.PushStrategy',
      /"ScheduleToInstanceId" is not supported/,
    ],
    [
      'PushApplicationData',
      { Data: dataParam([goodPush]), PushStrategy: regionStrategy(['cn-nowhere-1']) },
      'InvalidParameter.PushStrategy',
      /cn-nowhere-1 is not a region/,
    ],
    [
      'PushApplicationData',
      { Data: dataParam([goodPush]), PushStrategy: regionStrategy([]) },
      'InvalidParameter.PushStrategy',
      /non-empty/,
    ],
    ['PushApplicationData', {}, 'MissingParameter', /Data/],
    [
      'DistApplicationData',
      { Data: dataParam([{ ...goodDist, destPath: 'relative/path' }]) },
      'InvalidParameter.Data',
      /Data\[0\]\.destPath/,
    ],
    [
      'DistApplicationData',
      { Data: dataParam([{ ...goodDist, decompress: 'yes' }]) },
      'InvalidParameter.Data',
      /Data\[0\]\.decompress/,
    ],
    [
      'DistApplicationData',
      { Data: dataParam([{ ...goodDist, fileMode: 789 }]) },
      'InvalidParameter.Data',
      /Data\[0\]\.fileMode/,
    ],
    [
      'DistApplicationData',
      { Data: dataParam([{ ...goodDist, targetDirName: 'a/b' }]) },
      'InvalidParameter.Data',
      /Data\[0\]\.targetDirName/,
    ],
    [
      'DistApplicationData',
      { Data: dataParam([goodDist, { ...goodDist, name: 'x', timeout: -5 }]) },
      'InvalidParameter.Data',
      /Data\[1\]\.timeout/,
    ],
    [
      'DistApplicationData',
      {
        Data: dataParam([goodDist]),
        DistStrategy:
          '{"name":"ScheduleToAllByMatchExpressions","parameters":{"match_expressions":[{"key":"instance_id","operator":"In","values":["i-1"]}]}}',
      },
      'InvalidParameter.DistStrategy',
      /"instance_id" is not supported/,
    ],
    [
      'DistApplicationData',
      { Data: dataParam([goodDist]), DistStrategy: '[]' },
      'InvalidParameter.DistStrategy',
      /at least one policy/,
    ],
    ['DistApplicationData', {}, 'MissingParameter', /Data/],
  ];

  const labelled = cases.map(([action, params, code, message]) => ({
    label: `${action}: ${message.source.replaceAll('\\', '')}`,
    action,
    params,
    code,
    message,
  }));

  test.each(labelled)('$label is $code, and the fleet is unchanged', ({ action, params, code, message }) => {
    const t = testStore();
    const snapshot = () => [
      withoutRequestId(t.store.handle('DescribeDataDistResult', { AppId: t.app().id })),
      withoutRequestId(t.store.handle('DescribeDataPushResult', { AppId: t.app().id })),
    ];
    const before = snapshot();
    const err = rejection(() => t.store.handle(action, { AppId: t.app().id, ...params }));
    expect(err.code).toBe(code);
    expect(err.httpStatus).toBe(400);
    expect(err.message).toMatch(message);
    expect(snapshot()).toEqual(before);
  });

  test.each(['PushApplicationData', 'DistApplicationData'])(
    '%s without AppId is MissingParameter, with an unknown one InvalidParameter.AppId',
    (action) => {
      const t = testStore();
      expect(rejection(() => t.store.handle(action, { Data: dataParam([goodPush]) })).code).toBe('MissingParameter');
      expect(rejection(() => t.store.handle(action, { AppId: 'nope', Data: dataParam([goodPush]) })).code).toBe(
        'InvalidParameter.AppId',
      );
    },
  );

  test('a Data array whose second item is bad does not push the first', () => {
    const t = testStore();
    const err = rejection(() =>
      t.store.handle('PushApplicationData', {
        AppId: t.app().id,
        Data: dataParam([buildPushItem({ name: 'first' }), { name: 'second' }]),
      }),
    );
    expect(err.message).toContain('Data[1]');
    expect(pushState(t, 'first')).toEqual([]);
  });
});

describe('transient statuses', () => {
  test('POD_RESTARTING shows up briefly and DELETED eventually, on a large distribution', () => {
    const t = testStore({ instances: 4000, apps: 1 }, (w) => pinProfiles(w));
    push(t);
    t.store.advance(SETTLE_SECONDS);
    dist(t);
    const seen = new Set<string>();
    for (let step = 0; step < 40; step++) {
      t.store.advance(5);
      for (const r of distState(t)) seen.add(r.status);
    }
    expect(seen.has('POD_RESTARTING')).toBe(true);
    t.store.advance((4 * 86_400) / 10);
    const later = distState(t);
    expect(later.some((r) => r.status === 'DELETED' && r.descrip === 'data removed: instance was reinstalled')).toBe(
      true,
    );
    expect(later.every((r) => r.status === 'SUCCESS' || r.status === 'DELETED')).toBe(true);
  });
});
