import { describe, expect, test } from 'vitest';
import { instanceQuerySchema } from '@/lib/contracts/instance-params';
import { buildRow } from './test-rows';
import { csvHeader, csvLine, detailOf, filterAndSort, pageOf, summarizeVersions, type DistRow } from './version-detail';

const rows: DistRow[] = [
  buildRow({ instanceId: 'i-5c', status: 'FAILED', statusDescrip: 'md5 checksum mismatch', regionId: 'cn-wuxi-5' }),
  buildRow({ instanceId: 'i-5a' }),
  buildRow({
    instanceId: 'i-5b',
    status: 'DISTING',
    statusDescrip: 'Distributing',
    updateTime: '2026-11-26T07:09:00Z',
  }),
  buildRow({ instanceId: 'i-5d', status: 'FAILED', statusDescrip: 'md5 checksum mismatch', regionId: 'cn-wuxi-5' }),
  buildRow({ instanceId: 'i-5e', status: 'FAILED', statusDescrip: 'no space left on device', regionId: undefined }),
  buildRow({ instanceId: 'i-5f', version: '1.0', updateTime: '2026-11-25T01:00:00Z' }),
];

const query = (q: Record<string, string>) => instanceQuerySchema.parse({ name: 'n', version: 'v', ...q });

describe('summarizeVersions()', () => {
  test('counts every version once, newest activity first', () => {
    const summary = summarizeVersions(rows);
    expect(summary.map((s) => [s.version, s.total])).toEqual([
      ['standard', 5],
      ['1.0', 1],
    ]);
    expect(summary[0]?.counts).toEqual({ SUCCESS: 1, DISTING: 1, FAILED: 3, POD_RESTARTING: 0, DELETED: 0 });
    expect(summary[0]?.updatedAt).toBe('2026-11-26T07:09:00Z');
  });

  test("an UpdateTime before its StartTime (as in ENS's own example) does not date the version back", () => {
    const skewed = [
      buildRow({ instanceId: 'i-5s', startTime: '2021-11-19T07:24:52Z', updateTime: '2021-10-11T02:38:19Z' }),
    ];
    expect(summarizeVersions(skewed)[0]?.updatedAt).toBe('2021-11-19T07:24:52Z');
    expect(detailOf('n', 'standard', skewed).updatedAt).toBe('2021-11-19T07:24:52Z');
  });

  test('no rows, no versions', () => {
    expect(summarizeVersions([])).toEqual([]);
  });
});

describe('detailOf()', () => {
  const standard = rows.filter((r) => r.version === 'standard');
  const detail = detailOf('gcs-prod-websocket-eip-unicom', 'standard', standard);

  test('groups failure reasons, most frequent first', () => {
    expect(detail.failureReasons).toEqual([
      { statusDescrip: 'md5 checksum mismatch', count: 2 },
      { statusDescrip: 'no space left on device', count: 1 },
    ]);
  });

  test('puts rows without a known region under "unknown"', () => {
    expect(detail.byRegion.map((r) => r.regionId)).toEqual(['cn-chengdu-telecom-4', 'cn-wuxi-5', 'unknown']);
    expect(detail.byRegion.find((r) => r.regionId === 'cn-wuxi-5')?.counts.FAILED).toBe(2);
  });
});

describe('filterAndSort()', () => {
  test.each([
    [{ status: 'FAILED' }, ['i-5c', 'i-5d', 'i-5e']],
    [{ status: 'FAILED,DISTING' }, ['i-5b', 'i-5c', 'i-5d', 'i-5e']],
    [{ region: 'cn-wuxi-5' }, ['i-5c', 'i-5d']],
    [{ region: 'unknown' }, ['i-5e']],
    [{ q: 'SPACE' }, ['i-5e']],
    [{ q: 'i-5f' }, ['i-5f']],
    [{ sort: 'status' }, ['i-5a', 'i-5f', 'i-5b', 'i-5c', 'i-5d', 'i-5e']],
    [{ sort: 'updateTime', order: 'desc' }, ['i-5b', 'i-5a', 'i-5c', 'i-5d', 'i-5e', 'i-5f']],
    [{ status: 'DELETED' }, []],
  ])('%o', (q, expected) => {
    expect(filterAndSort(rows, query(q)).map((r) => r.instanceId)).toEqual(expected);
  });
});

test('filterAndSort() answers a repeated filter, and no filter, with the same array', () => {
  const failed = query({ status: 'FAILED', sort: 'updateTime' });
  expect(filterAndSort(rows, failed)).toBe(filterAndSort(rows, { ...failed, status: ['FAILED'] }));
  expect(filterAndSort(rows, query({}))).toBe(filterAndSort(rows, query({})));
  expect(filterAndSort(rows, query({})).map((r) => r.instanceId)).toEqual([
    'i-5a',
    'i-5b',
    'i-5c',
    'i-5d',
    'i-5e',
    'i-5f',
  ]);
});

describe('instanceQuerySchema', () => {
  test.each([
    [{ status: 'BROKEN' }, 'status'],
    [{ sort: 'color' }, 'sort'],
    [{ order: 'up' }, 'order'],
    [{ page: '0' }, 'page'],
    [{ pageSize: '5000' }, 'pageSize'],
    [{ pageSize: 'ten' }, 'pageSize'],
  ])('rejects %o naming the field', (q, field) => {
    const result = instanceQuerySchema.safeParse({ name: 'n', version: 'v', ...q });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe(field);
  });

  test('defaults', () => {
    expect(query({})).toMatchObject({
      status: [],
      region: [],
      q: '',
      sort: 'instanceId',
      order: 'asc',
      page: 1,
      pageSize: 100,
    });
  });
});

test('pageOf() returns the requested slice and an empty last page', () => {
  expect(pageOf([1, 2, 3, 4, 5], 2, 2)).toEqual([3, 4]);
  expect(pageOf([1, 2, 3, 4, 5], 3, 2)).toEqual([5]);
  expect(pageOf([1, 2, 3], 4, 2)).toEqual([]);
});

describe('csvLine() cells', () => {
  // statusDescrip is the fourth column; the two times after it hold no comma.
  const cell = (statusDescrip: string) => csvLine(buildRow({ statusDescrip })).split(',').slice(3, -2).join(',');
  test.each([
    ['=', '=1+1', "'=1+1"],
    ['+', '+1+1', "'+1+1"],
    ['-', '-1+1', "'-1+1"],
    ['@', '@SUM(A1)', "'@SUM(A1)"],
    ['a leading TAB', '\t=1+1', "'\t=1+1"],
    ['a leading CR', '\r=1+1', `"'\r=1+1"`],
    ['a comma', 'a, b', '"a, b"'],
    ['a quote', 'say "hi"', '"say ""hi"""'],
    ['a line feed', 'a\nb', '"a\nb"'],
    ['a carriage return inside', 'a\rb', '"a\rb"'],
    ['plain text', 'Success', 'Success'],
    ['a formula sign not at the start', 'a=b', 'a=b'],
  ])('%s', (_title, value, expected) => {
    expect(cell(value)).toBe(expected);
  });
});

test('csvLine() quotes separators and defuses spreadsheet formulas', () => {
  expect(csvHeader()).toBe('instanceId,regionId,status,statusDescrip,startTime,updateTime\r\n');
  const line = csvLine(buildRow({ statusDescrip: '=HYPERLINK("x"), oops' }));
  expect(line).toBe(
    'i-5aaaaaaaaaaaaaaaaaaaaaaaa,cn-chengdu-telecom-4,SUCCESS,"\'=HYPERLINK(""x""), oops",2026-11-26T07:00:00Z,2026-11-26T07:05:00Z\r\n',
  );
});
