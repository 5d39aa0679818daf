import { afterEach, describe, expect, test, vi } from 'vitest';
import { buildFleet } from './fleet';
import { createSimStore } from './store';
import {
  T0,
  TEST_OPTIONS,
  call,
  distRows,
  pushRows,
  rejection,
  testStore,
  withoutRequestId,
  type DistResponse,
  type PushResponse,
} from './testing';
import type { ActionParams } from './types';

const UPPER_UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/;

interface ListResponse {
  RequestId: string;
  PageNumber: number;
  PageSize: number;
  TotalCount: number;
  Applications: { Application: { ClusterName: string; AppList: { App: { AppId: string; AppInfo: string }[] } }[] };
}

interface InstanceStat {
  InstanceId: string;
  RegionId: string;
  PublicIps: { PublicIp: string; Isp: string }[];
}

interface ApplicationDoc {
  AppMetaData: { AppId: string; AppName: string; ClusterName: string; CreateTime: string };
  DetailStat: {
    AppVersionStat: {
      Version: string;
      DistrictStat: { AreaCode: string; IspCode: string; RegionIds: string[]; InstanceStat: InstanceStat[] }[];
    }[];
  };
}

interface RegionsResponse {
  Code: number;
  EnsRegions: { EnsRegions: { EnsRegionId: string; Name: string; EnName: string; Area: string; Province: string }[] };
}

describe('SimStore basics', () => {
  test.each(['NoSuchAction', 'toString', '__proto__', ''])(
    'an unknown action %j is InvalidApi.NotFound (404)',
    (action) => {
      const err = rejection(() => testStore().store.handle(action, {}));
      expect(err.code).toBe('InvalidApi.NotFound');
      expect(err.httpStatus).toBe(404);
    },
  );

  test.each<[string, (appId: string) => ActionParams]>([
    ['ListApplications', () => ({})],
    ['DescribeApplication', (AppId) => ({ AppId })],
    ['DescribeEnsRegions', () => ({})],
    ['DescribeDataDistResult', (AppId) => ({ AppId, PageSize: '1' })],
    ['DescribeDataPushResult', (AppId) => ({ AppId, PageSize: '1' })],
  ])('%s answers with an uppercase UUID RequestId', (action, params) => {
    const t = testStore();
    const body = call<{ RequestId: string }>(t.store, action, params(t.app().id));
    expect(body.RequestId).toMatch(UPPER_UUID);
  });

  test('advance() moves the clock forward; negative steps are refused', () => {
    const t = testStore();
    expect(t.store.now()).toBe(T0);
    t.store.advance(90.5);
    expect(t.store.now()).toBe(T0 + 90_500);
    expect(() => t.store.advance(-1)).toThrow(RangeError);
  });

  test('reset() brings back the seeded fleet and a fresh clock', () => {
    const t = testStore();
    const before = withoutRequestId(t.store.handle('DescribeDataDistResult', { AppId: t.app().id }));
    t.store.handle('DistApplicationData', {
      AppId: t.app().id,
      Data: '[{"name":"fresh","version":"1","destPath":"/tmp/x","decompress":false,"timeout":60}]',
    });
    t.store.advance(600);
    t.store.reset();
    expect(t.store.now()).toBe(T0);
    expect(withoutRequestId(t.store.handle('DescribeDataDistResult', { AppId: t.app().id }))).toEqual(before);
  });

  test.each([
    ['instances', { instances: 0 }],
    ['apps', { apps: -1 }],
    ['timeScale', { timeScale: 0 }],
  ])('rejects a bad %s option', (_name, bad) => {
    expect(() => createSimStore({ ...TEST_OPTIONS, ...bad })).toThrow(RangeError);
  });
});

describe('determinism', () => {
  const probe = (seed: string) => {
    const t = testStore({ seed });
    const AppId = t.app().id;
    return [
      withoutRequestId(t.store.handle('ListApplications', {})),
      withoutRequestId(t.store.handle('DescribeEnsRegions', {})),
      withoutRequestId(t.store.handle('DescribeApplication', { AppId })),
      withoutRequestId(t.store.handle('DescribeDataDistResult', { AppId })),
      withoutRequestId(t.store.handle('DescribeDataPushResult', { AppId })),
      withoutRequestId(
        t.store.handle('PushApplicationData', {
          AppId,
          Data: '[{"name":"a","version":"1","size":1,"archiveType":"zip","md5":"","url":"http://x/a","timeout":60}]',
        }),
      ),
    ];
  };

  test('the same seed gives the same fleet, history and outcomes', () => {
    expect(probe('alpha')).toEqual(probe('alpha'));
  });

  test('another seed gives another fleet', () => {
    const ids = (seed: string) => buildFleet({ seed, instances: 500, apps: 3, anchorMs: T0 }).apps.map((a) => a.id);
    expect(ids('alpha')).not.toEqual(ids('beta'));
    expect(probe('alpha')[3]).not.toEqual(probe('beta')[3]);
  });
});

describe('the seeded fleet', () => {
  const fleet = buildFleet({ seed: 'ens-dashboard', instances: 2000, apps: 4, anchorMs: T0 });
  const instances = fleet.apps.flatMap((a) => a.regions.flatMap((r) => r.instanceIds));

  test('has 20+ ENS regions with real-looking ids', () => {
    expect(fleet.regions.length).toBeGreaterThanOrEqual(20);
    for (const r of fleet.regions)
      expect(r.id).toMatch(/^cn-[a-z]+(-(telecom|unicom|cmcc|telecom_unicom_cmcc|cbn))?(-\d+)?$/);
  });

  test('has about the requested number of instances, ids like i-5 + 24 characters, all distinct', () => {
    expect(instances.length).toBe(2000);
    expect(new Set(instances).size).toBe(instances.length);
    for (const id of instances) expect(id).toMatch(/^i-5[0-9a-z]{24}$/);
  });

  test('spreads instances unevenly across regions', () => {
    const counts = fleet.apps[0]?.regions.map((r) => r.instanceIds.length) ?? [];
    expect(Math.max(...counts)).toBeGreaterThan(2 * Math.min(...counts));
  });

  test('names apps like real ones, in several clusters', () => {
    expect(fleet.apps.map((a) => a.name)).toEqual(['cloudgame-prod', 'asp-yz', 'live-edge-cdn', 'cloudgame-pre']);
    expect(new Set(fleet.apps.map((a) => a.cluster)).size).toBeGreaterThan(2);
    for (const a of fleet.apps)
      expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('has one failing region present in every app, and flaky ones', () => {
    expect(fleet.regionById.get(fleet.failingRegionId)?.profile.health).toBe('failing');
    expect(fleet.flakyRegionIds).toHaveLength(2);
    for (const app of fleet.apps) expect(app.regionById.has(fleet.failingRegionId)).toBe(true);
  });

  // How fast: e2e/bench/timing-limits.ts.
  test('builds 100,000 instances', () => {
    const big = buildFleet({ seed: 'big', instances: 100_000, apps: 4, anchorMs: T0 });
    expect(big.apps.reduce((n, a) => n + a.instanceCount, 0)).toBe(100_000);
  });
});

describe('what the dashboard sees at first start', () => {
  const t = testStore({ instances: 2000, apps: 4, timeScale: 1 });
  const first = t.app(0);
  const rows = distRows(call<DistResponse>(t.store, 'DescribeDataDistResult', { AppId: first.id }));

  test('one rollout in flight: DISTING instances that finish over the next minutes', () => {
    const disting = rows.filter((r) => r.status === 'DISTING');
    expect(disting.length).toBeGreaterThan(first.instanceCount / 2);
    t.store.advance(60);
    const later = distRows(call<DistResponse>(t.store, 'DescribeDataDistResult', { AppId: first.id }));
    expect(later.filter((r) => r.status === 'DISTING').length).toBeLessThan(disting.length);
    t.store.advance(20 * 60);
    const done = distRows(call<DistResponse>(t.store, 'DescribeDataDistResult', { AppId: first.id }));
    expect(done.filter((r) => r.status === 'DISTING')).toEqual([]);
  });

  test('history with SUCCESS, FAILED (with reasons) and DELETED rows', () => {
    const statuses = new Set(rows.map((r) => r.status));
    expect(['SUCCESS', 'FAILED', 'DELETED'].filter((s) => !statuses.has(s))).toEqual([]);
    expect(
      rows.filter((r) => r.status === 'FAILED').every((r) => r.descrip.length > 5 && r.descrip !== 'Success'),
    ).toBe(true);
  });

  test('the failing region fails far more instances than the rest', () => {
    const regionOf = new Map(first.regions.flatMap((r) => r.instanceIds.map((id) => [id, r.region.id] as const)));
    const failing = t.world().fleet.failingRegionId;
    const rate = (keep: (id: string) => boolean) => {
      const subset = rows.filter((r) => keep(r.instanceId) && r.status !== 'DISTING');
      return subset.filter((r) => r.status === 'FAILED').length / Math.max(1, subset.length);
    };
    expect(rate((id) => regionOf.get(id) === failing)).toBeGreaterThan(3 * rate((id) => regionOf.get(id) !== failing));
  });

  test('a push in flight: PUSHING regions on the second app', () => {
    const fresh = testStore({ instances: 2000, apps: 4, timeScale: 1 });
    const push = pushRows(call<PushResponse>(fresh.store, 'DescribeDataPushResult', { AppId: fresh.app(1).id }));
    expect(push.some((r) => r.status === 'PUSHING')).toBe(true);
  });
});

describe('response shapes', () => {
  const t = testStore();

  test('ListApplications groups apps by cluster, AppInfo a JSON string', () => {
    const list = call<ListResponse>(t.store, 'ListApplications', {});
    expect(list.TotalCount).toBe(TEST_OPTIONS.apps);
    const apps = list.Applications.Application.flatMap((g) =>
      g.AppList.App.map((a) => ({ cluster: g.ClusterName, ...a })),
    );
    expect(apps).toHaveLength(TEST_OPTIONS.apps);
    for (const app of apps) {
      const info = JSON.parse(app.AppInfo) as ApplicationDoc;
      expect(info.AppMetaData.AppId).toBe(app.AppId);
      expect(info.AppMetaData.ClusterName).toBe(app.cluster);
      expect(info.AppMetaData.CreateTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    }
  });

  test.each([
    [{ ClusterNames: 'All' }, TEST_OPTIONS.apps],
    [{ ClusterNames: 'prod' }, 2],
    [{ ClusterNames: 'poc,nothing' }, 0],
    [{ PageNumber: '2', PageSize: '2' }, 1],
  ])('ListApplications with %j lists %i apps', (params, count) => {
    const list = call<ListResponse>(t.store, 'ListApplications', params);
    expect(list.Applications.Application.flatMap((g) => g.AppList.App)).toHaveLength(count);
  });

  test('DescribeApplication lists every instance with its RegionId in DetailStat', () => {
    const app = t.app(1);
    const body = call<{ RequestId: string; Application: string }>(t.store, 'DescribeApplication', { AppId: app.id });
    expect(typeof body.Application).toBe('string');
    const doc = JSON.parse(body.Application) as ApplicationDoc;
    expect(doc.AppMetaData.AppName).toBe(app.name);
    const stats = doc.DetailStat.AppVersionStat.flatMap((v) => v.DistrictStat.flatMap((d) => d.InstanceStat));
    const expected = app.regions.flatMap((r) => r.instanceIds.map((id) => `${id}@${r.region.id}`)).sort();
    expect(stats.map((s) => `${s.InstanceId}@${s.RegionId}`).sort()).toEqual(expected);
    expect(stats[0]?.PublicIps[0]?.PublicIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
  });

  test('DescribeApplication honours OutDetailStatParams and rejects bad JSON', () => {
    const AppId = t.app().id;
    const lean = JSON.parse(
      call<{ Application: string }>(t.store, 'DescribeApplication', {
        AppId,
        OutDetailStatParams: '{"detailStat":false}',
      }).Application,
    ) as object;
    expect(lean).not.toHaveProperty('DetailStat');
    expect(rejection(() => t.store.handle('DescribeApplication', { AppId, OutDetailStatParams: '{' })).code).toBe(
      'InvalidParameter.OutDetailStatParams',
    );
  });

  test('DescribeEnsRegions: integer Code 0 and EnsRegions.EnsRegions[] rows', () => {
    const body = call<RegionsResponse>(t.store, 'DescribeEnsRegions', {});
    expect(body.Code).toBe(0);
    expect(body.EnsRegions.EnsRegions.length).toBeGreaterThanOrEqual(20);
    expect(Object.keys(body.EnsRegions.EnsRegions[0] ?? {})).toEqual([
      'EnsRegionId',
      'Name',
      'EnName',
      'Area',
      'Province',
    ]);
    const dalian = call<RegionsResponse>(t.store, 'DescribeEnsRegions', { EnsRegionId: 'cn-dalian-unicom' });
    expect(dalian.EnsRegions.EnsRegions).toEqual([
      {
        EnsRegionId: 'cn-dalian-unicom',
        Name: '大连联通',
        EnName: 'Dalian Unicom',
        Area: 'NorthEastChina',
        Province: '辽宁省',
      },
    ]);
  });

  test('DescribeDataPushResult: StatusStatS with integer RegionIdCount', () => {
    const body = call<PushResponse>(t.store, 'DescribeDataPushResult', { AppId: t.app().id, PageSize: '20' });
    expect(Object.keys(body).sort()).toEqual(['PageNumber', 'PageSize', 'PushResults', 'RequestId', 'TotalCount']);
    for (const result of body.PushResults.PushResult) {
      expect(Object.keys(result)).toEqual(['Name', 'Version', 'StatusStatS']);
      for (const stat of result.StatusStatS.StatusStat) {
        expect(Number.isInteger(stat.RegionIdCount)).toBe(true);
        expect(stat.RegionIdCount).toBe(stat.RegionIds.RegionId.length);
        expect(Object.keys(stat.RegionIds.RegionId[0] ?? {})).toEqual([
          'RegionId',
          'StartTime',
          'UpdateTime',
          'StatusDescrip',
        ]);
      }
    }
  });
});

describe('DescribeDataPushResult filters', () => {
  const t = testStore();
  const AppId = t.app().id;
  const all = pushRows(call<PushResponse>(t.store, 'DescribeDataPushResult', { AppId }));
  const name = all[0]?.name ?? '';
  const version = all[0]?.version ?? '';
  const [r1, r2] = t.app().regions.map((r) => r.region.id);

  test.each<[string, ActionParams, (row: (typeof all)[number]) => boolean]>([
    ['DataNames', { DataNames: name }, (r) => r.name === name],
    ['DataVersions', { DataVersions: version }, (r) => r.version === version],
    ['RegionIds (comma-separated)', { RegionIds: `${r1},${r2}` }, (r) => r.regionId === r1 || r.regionId === r2],
    ['DataNames + RegionIds', { DataNames: name, RegionIds: r1 ?? '' }, (r) => r.name === name && r.regionId === r1],
  ])('filters by %s', (_title, params, keep) => {
    const expected = all.filter(keep);
    expect(expected.length).toBeGreaterThan(0);
    const body = call<PushResponse>(t.store, 'DescribeDataPushResult', { AppId, ...params });
    expect(body.TotalCount).toBe(expected.length);
    expect(
      pushRows(body)
        .map((r) => `${r.name}|${r.version}|${r.regionId}`)
        .sort(),
    ).toEqual(expected.map((r) => `${r.name}|${r.version}|${r.regionId}`).sort());
  });

  test('pages cover every region row once', () => {
    const seen: string[] = [];
    for (let page = 1; page <= Math.ceil(all.length / 9); page++) {
      seen.push(
        ...pushRows(
          call<PushResponse>(t.store, 'DescribeDataPushResult', { AppId, PageNumber: String(page), PageSize: '9' }),
        ).map((r) => `${r.name}|${r.version}|${r.regionId}`),
      );
    }
    expect(seen.sort()).toEqual(all.map((r) => `${r.name}|${r.version}|${r.regionId}`).sort());
  });

  test('an empty result and a bad date', () => {
    expect(call<PushResponse>(t.store, 'DescribeDataPushResult', { AppId, DataNames: 'nothing' })).toMatchObject({
      TotalCount: 0,
      PushResults: { PushResult: [] },
    });
    expect(rejection(() => t.store.handle('DescribeDataPushResult', { AppId, MaxDate: '2024-13-01' })).code).toBe(
      'InvalidParameter.MaxDate',
    );
  });
});

describe('background activity', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test('starts a new push and distribution every few minutes, and stop() ends it', () => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
    const store = createSimStore({ ...TEST_OPTIONS, activity: true, timeScale: 1 });
    const count = () => {
      const apps = call<ListResponse>(store, 'ListApplications', {}).Applications.Application.flatMap(
        (g) => g.AppList.App,
      );
      return apps.reduce(
        (n, a) =>
          n + call<PushResponse>(store, 'DescribeDataPushResult', { AppId: a.AppId }).PushResults.PushResult.length,
        0,
      );
    };
    const before = count();
    vi.advanceTimersByTime(4 * 60_000);
    expect(count()).toBe(before + 1);
    store.stop();
    vi.advanceTimersByTime(60 * 60_000);
    expect(count()).toBe(before + 1);
  });
});

describe('performance at 100,000 instances', () => {
  // How fast each page is: e2e/bench/simulator-query.ts.
  test('filtered DescribeDataDistResult pages of a 100,000-instance fleet hold their rows', () => {
    const store = createSimStore({ instances: 100_000, apps: 4, seed: 'perf', timeScale: 1, activity: false });
    const list = call<ListResponse>(store, 'ListApplications', {});
    const AppId = list.Applications.Application[0]?.AppList.App[0]?.AppId ?? '';
    const first = call<DistResponse>(store, 'DescribeDataDistResult', { AppId, PageNumber: '1', PageSize: '1' });
    const name = first.DistResults.DistResult[0]?.Name ?? '';
    for (let page = 1; page <= 30; page++) {
      const body = call<DistResponse>(store, 'DescribeDataDistResult', {
        AppId,
        DataNames: name,
        PageNumber: String(page),
        PageSize: '100',
      });
      expect(distRows(body)).toHaveLength(100);
    }
  });
});
