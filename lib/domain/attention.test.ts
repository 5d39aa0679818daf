import { describe, expect, test } from 'vitest';
import { instanceAttention, prePushAttention, sortAttention } from './attention';
import { buildRow } from './test-rows';
import type { DistRow } from './version-detail';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const iso = (minutesAgo: number) => new Date(NOW - minutesAgo * 60_000).toISOString().replace('.000', '');
let seq = 0;
const row = (version: string, status: DistRow['status'], startAgo: number, updateAgo: number, regionId = 'cn-a') =>
  buildRow({
    version,
    status,
    regionId,
    instanceId: `i-${(seq += 1)}`,
    startTime: iso(startAgo),
    updateTime: iso(updateAgo),
    statusDescrip: status === 'FAILED' ? 'Timeout' : 'Success',
  });

describe('instanceAttention', () => {
  test.each([
    [
      'failures in the last 15 min',
      [row('v1', 'FAILED', 20, 5), row('v1', 'FAILED', 90, 80), row('v1', 'SUCCESS', 20, 10)],
      [['failures-rising', 'v1', 1, 'FAILED']],
    ],
    ['old failures only: nothing', [row('v1', 'FAILED', 90, 80), row('v1', 'SUCCESS', 90, 85)], []],
    // The region settles in 2 minutes: 60 minutes in flight is stuck, 10 is not (under the floor).
    [
      'stuck far beyond the region median',
      [
        row('v1', 'SUCCESS', 100, 98),
        row('v1', 'SUCCESS', 100, 98),
        row('v2', 'DISTING', 60, 60),
        row('v2', 'POD_RESTARTING', 10, 5),
      ],
      [['stuck', 'v2', 1, 'DISTING,POD_RESTARTING']],
    ],
    [
      'deleted after the version finished',
      [row('v1', 'SUCCESS', 100, 90), row('v1', 'DELETED', 30, 30)],
      [['deleted-since-done', 'v1', 1, 'DELETED']],
    ],
    ['deleted before it finished: nothing', [row('v1', 'SUCCESS', 100, 20), row('v1', 'DELETED', 60, 60)], []],
  ] as const)('%s', (_, rows, expected) => {
    const items = instanceAttention(rows, NOW).map((i) => [i.cause, i.version, i.count, i.filter.status.join(',')]);
    expect(items).toEqual(expected);
  });
});

test('prePushAttention: one item per version with its regions failed in the last day', () => {
  const push = [
    { name: 'f', version: '1', regionId: 'cn-a', status: 'FAILED', updateTime: iso(3) },
    { name: 'f', version: '1', regionId: 'cn-b', status: 'FAILED', updateTime: iso(2) },
    { name: 'f', version: '1', regionId: 'cn-c', status: 'SUCCESS', updateTime: iso(2) },
    { name: 'f', version: '2', regionId: 'cn-a', status: 'PUSHING', updateTime: iso(1) },
    { name: 'f', version: '0', regionId: 'cn-a', status: 'FAILED', updateTime: iso(25 * 60) },
  ];
  expect(prePushAttention(push, NOW)).toEqual([
    {
      cause: 'prepush-failed',
      name: 'f',
      version: '1',
      count: 2,
      filter: { status: [], region: ['cn-a', 'cn-b'] },
      at: NOW - 2 * 60_000,
    },
  ]);
});

test('sortAttention: rising failures first, then stuck, pre-push, deletions', () => {
  const rows = [row('a', 'SUCCESS', 100, 90), row('a', 'DELETED', 30, 30), row('b', 'FAILED', 10, 1)];
  expect(sortAttention(instanceAttention(rows, NOW)).map((i) => i.cause)).toEqual([
    'failures-rising',
    'deleted-since-done',
  ]);
});
