import { describe, expect, test } from 'vitest';
import {
  describeApplicationResponse,
  describeDataDistResultResponse,
  describeDataPushResultResponse,
  describeEnsRegionsResponse,
  distApplicationDataResponse,
  listApplicationsResponse,
  pushApplicationDataResponse,
} from './schemas';

// The JSON examples of the seed pages and of docs/ens.md, verbatim.
const SEED_DIST_RESULT = {
  DistResults: {
    DistResult: [
      {
        Name: 'gcs-prod-websocket-eip-unicom',
        StatusStats: {
          StatusStat: [
            {
              InstanceCount: '10',
              Instances: {
                Instance: [
                  {
                    InstanceId: 'i-5qzje8f5un1wmi341m2yetaxv',
                    StartTime: '2021-11-19T07:24:52Z',
                    StatusDescrip: 'Success',
                    UpdateTime: '2021-10-11T02:38:19Z',
                  },
                ],
              },
              Status: 'SUCCESS',
            },
          ],
        },
        Version: 'standard',
      },
    ],
  },
  PageNumber: 1,
  PageSize: 10,
  RequestId: '50373E71-7710-4620-8AAB-133CCE49451C',
  TotalCount: 49,
};

const SEED_PUSH = {
  PushResults: {
    PushResult: [
      { Name: 'gcs-pre-websocket-eip-telecom', ResultCode: 100, ResultDescrip: 'success', Version: 'standard' },
    ],
  },
  RequestId: '473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E',
};

const REF_PUSH_RESULT = {
  RequestId: 'CEF72CEB-54B6-4AE8-B225-F876FF7BA984',
  PageNumber: 1,
  PageSize: 10,
  TotalCount: 6,
  PushResults: {
    PushResult: [
      {
        Name: 'gcs-pre-websocket-eip-telecom',
        Version: 'standard',
        StatusStatS: {
          StatusStat: [
            {
              Status: 'SUCCESS',
              RegionIdCount: 2,
              RegionIds: {
                RegionId: [
                  {
                    RegionId: 'cn-wuxi-5',
                    StartTime: '2021-12-28T16:00:00Z',
                    UpdateTime: '2021-12-07T02:37:10Z',
                    StatusDescrip: 'Success',
                  },
                ],
              },
            },
          ],
        },
      },
    ],
  },
};

const REF_DIST = {
  RequestId: '473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E',
  DistInstanceTotalCount: 2,
  DistInstanceIds: { DistInstanceId: ['i-5qzje8f5un1wmi341m2yetaxv', 'i-55qi8m11rr53c4i964md8a00l'] },
  DistResults: {
    DistResult: [
      { Name: 'gcs-prod-websocket-eip-unicom', Version: 'standard', ResultCode: 400, ResultDescrip: 'Success' },
    ],
  },
};

const REF_REGIONS = {
  Code: 0,
  RequestId: '473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E',
  EnsRegions: {
    EnsRegions: [
      {
        EnsRegionId: 'cn-dalian-unicom',
        Name: '大连联通',
        EnName: 'NorthChina',
        Area: 'NorthEastChina',
        Province: '辽宁省',
      },
    ],
  },
};

const APP_DOC = {
  AppMetaData: {
    AppId: 'a2bac6f4-75dc-455e-8389-2dc8e47526d3',
    AppName: 'asp-yz',
    ClusterName: 'poc',
    AppStableVersion: 'v1',
    AppType: 'Container',
    Description: '',
    CreateTime: '2021-08-25 10:00:00',
  },
  AppStatus: { Phase: 'RUNNING', StatusDescrip: 'running', UpdateTime: '2021-08-25 10:00:00' },
  DetailStat: {
    AppVersionStat: [
      {
        Version: 'v1',
        DistrictStat: [
          {
            AreaCode: 'EastChina',
            IspCode: 'telecom',
            RegionIds: ['cn-wuxi-telecom_unicom_cmcc-3', 'cn-shanghai-cmcc-4'],
            InstanceStat: [
              {
                InstanceId: 'i-5iqczfxps7csjrxeca07',
                RegionId: 'cn-wuxi-telecom_unicom_cmcc-3',
                PublicIps: [{ PublicIp: '101.227.7.12', Isp: 'telecom' }],
              },
              { InstanceId: 'i-55qi8m11rr53c4i964md8a00l', RegionId: 'cn-wuxi-telecom_unicom_cmcc-3' },
            ],
          },
        ],
      },
    ],
  },
};

describe('describeDataDistResultResponse', () => {
  test('the seed example becomes flat rows and counts', () => {
    expect(describeDataDistResultResponse.parse(SEED_DIST_RESULT)).toEqual({
      requestId: '50373E71-7710-4620-8AAB-133CCE49451C',
      pageNumber: 1,
      pageSize: 10,
      totalCount: 49,
      rows: [
        {
          name: 'gcs-prod-websocket-eip-unicom',
          version: 'standard',
          instanceId: 'i-5qzje8f5un1wmi341m2yetaxv',
          status: 'SUCCESS',
          statusDescrip: 'Success',
          startTime: '2021-11-19T07:24:52Z',
          updateTime: '2021-10-11T02:38:19Z',
        },
      ],
      summaries: [
        {
          name: 'gcs-prod-websocket-eip-unicom',
          version: 'standard',
          counts: { SUCCESS: 10, DISTING: 0, FAILED: 0, POD_RESTARTING: 0, DELETED: 0 },
        },
      ],
    });
  });

  const group = (over: Record<string, unknown>) => ({
    DistResults: { DistResult: [{ Name: 'a', Version: '1', ...over }] },
    RequestId: 'R',
  });

  test.each<[string, unknown, { rows: number; counts?: Record<string, number>; totalCount?: number }]>([
    ['no DistResults at all', { RequestId: 'R' }, { rows: 0 }],
    ['DistResults without the list', { RequestId: 'R', DistResults: {} }, { rows: 0 }],
    ['DistResult null', { RequestId: 'R', DistResults: { DistResult: null } }, { rows: 0 }],
    ['a file without StatusStats', group({}), { rows: 0, counts: { SUCCESS: 0 } }],
    [
      'StatusStatS spelling',
      group({
        StatusStatS: {
          StatusStat: [{ Status: 'FAILED', InstanceCount: 1, Instances: { Instance: [{ InstanceId: 'i-1' }] } }],
        },
      }),
      { rows: 1, counts: { FAILED: 1 } },
    ],
    [
      'InstanceCount as a number',
      group({ StatusStats: { StatusStat: [{ Status: 'DISTING', InstanceCount: 3 }] } }),
      { rows: 0, counts: { DISTING: 3 } },
    ],
    [
      'no InstanceCount (counted from rows)',
      group({
        StatusStats: {
          StatusStat: [{ Status: 'DELETED', Instances: { Instance: [{ InstanceId: 'i-1' }, { InstanceId: 'i-2' }] } }],
        },
      }),
      { rows: 2, counts: { DELETED: 2 } },
    ],
    [
      'a lowercase status',
      group({
        StatusStats: {
          StatusStat: [
            { Status: 'pod_restarting', InstanceCount: '1', Instances: { Instance: { InstanceId: 'i-1' } } },
          ],
        },
      }),
      { rows: 1, counts: { POD_RESTARTING: 1 } },
    ],
    [
      'paging fields as strings',
      { RequestId: 'R', PageNumber: '2', PageSize: '50', TotalCount: '120' },
      { rows: 0, totalCount: 120 },
    ],
    ['paging fields absent', { RequestId: 'R', DistResults: { DistResult: [] } }, { rows: 0, totalCount: undefined }],
  ])('tolerates %s', (_title, body, expected) => {
    const parsed = describeDataDistResultResponse.parse(body);
    expect(parsed.rows).toHaveLength(expected.rows);
    if (expected.counts) expect(parsed.summaries[0]?.counts).toMatchObject(expected.counts);
    if ('totalCount' in expected) expect(parsed.totalCount).toBe(expected.totalCount);
  });

  test('missing text fields become empty strings', () => {
    const parsed = describeDataDistResultResponse.parse(
      group({ StatusStats: { StatusStat: [{ Status: 'SUCCESS', Instances: { Instance: [{ InstanceId: 'i-1' }] } }] } }),
    );
    expect(parsed.rows[0]).toMatchObject({ statusDescrip: '', startTime: '', updateTime: '' });
  });

  test.each<[string, unknown, string]>([
    ['an unknown status', group({ StatusStats: { StatusStat: [{ Status: 'QUEUED' }] } }), 'unknown status "QUEUED"'],
    [
      'a non-numeric InstanceCount',
      group({ StatusStats: { StatusStat: [{ Status: 'SUCCESS', InstanceCount: 'ten' }] } }),
      'expected a number',
    ],
    [
      'an instance without id',
      group({ StatusStats: { StatusStat: [{ Status: 'SUCCESS', Instances: { Instance: [{ StartTime: 'x' }] } }] } }),
      'InstanceId',
    ],
  ])('rejects %s', (_title, body, reason) => {
    const parsed = describeDataDistResultResponse.safeParse(body);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')).toContain(reason);
  });
});

describe('describeDataPushResultResponse', () => {
  test('the docs example (StatusStatS) becomes flat region rows', () => {
    expect(describeDataPushResultResponse.parse(REF_PUSH_RESULT)).toEqual({
      requestId: 'CEF72CEB-54B6-4AE8-B225-F876FF7BA984',
      pageNumber: 1,
      pageSize: 10,
      totalCount: 6,
      rows: [
        {
          name: 'gcs-pre-websocket-eip-telecom',
          version: 'standard',
          regionId: 'cn-wuxi-5',
          status: 'SUCCESS',
          statusDescrip: 'Success',
          startTime: '2021-12-28T16:00:00Z',
          updateTime: '2021-12-07T02:37:10Z',
        },
      ],
    });
  });

  test('tolerates the StatusStats spelling', () => {
    const body = JSON.parse(JSON.stringify(REF_PUSH_RESULT).replace('StatusStatS', 'StatusStats'));
    expect(describeDataPushResultResponse.parse(body).rows).toHaveLength(1);
  });

  test('rejects a distribution status in a push answer', () => {
    const body = JSON.parse(JSON.stringify(REF_PUSH_RESULT).replace('"SUCCESS"', '"DISTING"'));
    expect(describeDataPushResultResponse.safeParse(body).success).toBe(false);
  });
});

describe('Push/DistApplicationData responses', () => {
  test('the seed PushApplicationData example', () => {
    expect(pushApplicationDataResponse.parse(SEED_PUSH)).toEqual({
      requestId: '473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E',
      results: [
        { name: 'gcs-pre-websocket-eip-telecom', version: 'standard', resultCode: 100, resultDescrip: 'success' },
      ],
    });
  });

  test('the docs DistApplicationData example', () => {
    expect(distApplicationDataResponse.parse(REF_DIST)).toEqual({
      requestId: '473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E',
      instanceCount: 2,
      instanceIds: ['i-5qzje8f5un1wmi341m2yetaxv', 'i-55qi8m11rr53c4i964md8a00l'],
      results: [
        { name: 'gcs-prod-websocket-eip-unicom', version: 'standard', resultCode: 400, resultDescrip: 'Success' },
      ],
    });
  });

  test.each<[string, unknown, number]>([
    [
      'ResultCode as a string',
      {
        RequestId: 'R',
        PushResults: { PushResult: [{ Name: 'a', Version: '1', ResultCode: '300', ResultDescrip: 'failed' }] },
      },
      300,
    ],
    [
      'ResultDescrip absent',
      { RequestId: 'R', PushResults: { PushResult: [{ Name: 'a', Version: '1', ResultCode: 0 }] } },
      0,
    ],
  ])('tolerates %s', (_title, body, code) => {
    expect(pushApplicationDataResponse.parse(body).results[0]?.resultCode).toBe(code);
  });

  test('a DistApplicationData answer without counts counts the ids', () => {
    expect(
      distApplicationDataResponse.parse({ RequestId: 'R', DistInstanceIds: { DistInstanceId: ['i-1'] } }),
    ).toMatchObject({ instanceCount: 1, results: [] });
  });
});

describe('ListApplications / DescribeApplication', () => {
  test('ListApplications decodes AppInfo JSON strings', () => {
    const body = {
      RequestId: 'R',
      Applications: {
        Application: [
          { ClusterName: 'poc', AppList: { App: [{ AppId: 'a2bac6f4', AppInfo: JSON.stringify(APP_DOC) }] } },
        ],
      },
    };
    expect(listApplicationsResponse.parse(body).apps).toEqual([
      {
        appId: 'a2bac6f4',
        name: 'asp-yz',
        clusterName: 'poc',
        stableVersion: 'v1',
        appType: 'Container',
        description: undefined,
        createTime: '2021-08-25 10:00:00',
        phase: 'RUNNING',
      },
    ]);
  });

  test.each<[string, unknown]>([
    ['AppInfo that is not JSON', 'not json'],
    ['AppInfo absent', undefined],
    ['AppInfo an empty object', '{}'],
    ['AppInfo a JSON array', '[1,2]'],
  ])('ListApplications falls back to the AppId for %s', (_title, appInfo) => {
    const body = {
      RequestId: 'R',
      Applications: { Application: [{ ClusterName: 'pre', AppList: { App: [{ AppId: 'x-1', AppInfo: appInfo }] } }] },
    };
    expect(listApplicationsResponse.parse(body).apps).toEqual([
      expect.objectContaining({ appId: 'x-1', name: 'x-1', clusterName: 'pre' }),
    ]);
  });

  test('ListApplications with no applications', () => {
    expect(listApplicationsResponse.parse({ RequestId: 'R' })).toMatchObject({ apps: [], totalCount: undefined });
  });

  test('DescribeApplication extracts the inventory from DetailStat', () => {
    const parsed = describeApplicationResponse.parse({ RequestId: 'R', Application: JSON.stringify(APP_DOC) });
    expect(parsed).toMatchObject({ appId: 'a2bac6f4-75dc-455e-8389-2dc8e47526d3', name: 'asp-yz', phase: 'RUNNING' });
    expect(parsed.instances).toEqual([
      { instanceId: 'i-5iqczfxps7csjrxeca07', regionId: 'cn-wuxi-telecom_unicom_cmcc-3' },
      { instanceId: 'i-55qi8m11rr53c4i964md8a00l', regionId: 'cn-wuxi-telecom_unicom_cmcc-3' },
    ]);
    expect(parsed.regionIds).toEqual(['cn-wuxi-telecom_unicom_cmcc-3', 'cn-shanghai-cmcc-4']);
  });

  test.each<[string, unknown]>([
    ['an Application already decoded', APP_DOC],
    [
      'wrapped lists',
      JSON.parse(
        JSON.stringify(APP_DOC)
          .replace('"InstanceStat":[', '"InstanceStat":{"InstanceStat":[')
          .replace('}]}]}]}}', '}]}}]}]}}'),
      ),
    ],
  ])('DescribeApplication tolerates %s', (_title, application) => {
    const parsed = describeApplicationResponse.parse({ RequestId: 'R', Application: application });
    expect(parsed.instances).toHaveLength(2);
  });

  test('DescribeApplication without DetailStat has an empty inventory', () => {
    expect(
      describeApplicationResponse.parse({ RequestId: 'R', Application: '{"AppMetaData":{"AppId":"x"}}' }),
    ).toMatchObject({ appId: 'x', instances: [], regionIds: [] });
  });
});

describe('describeEnsRegionsResponse', () => {
  test('the docs example (EnsRegions.EnsRegions)', () => {
    expect(describeEnsRegionsResponse.parse(REF_REGIONS).regions).toEqual([
      {
        regionId: 'cn-dalian-unicom',
        name: '大连联通',
        enName: 'NorthChina',
        area: 'NorthEastChina',
        province: '辽宁省',
      },
    ]);
  });

  test('no regions', () => {
    expect(describeEnsRegionsResponse.parse({ RequestId: 'R', Code: 0 }).regions).toEqual([]);
  });
});
