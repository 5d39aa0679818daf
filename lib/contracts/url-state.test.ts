import { describe, expect, test } from 'vitest';
import { instanceQueryToParams, parseInstanceQuery, toggled, withFilters } from './url-state';

describe('version page URL state', () => {
  test.each([
    ['missing name', { version: '1' }, null],
    ['missing version', { name: 'a' }, null],
    [
      'minimal',
      { name: 'a', version: '1' },
      { status: [], region: [], q: '', sort: 'instanceId', order: 'asc', page: 1, pageSize: 100 },
    ],
    [
      'full',
      {
        name: 'a',
        version: '1',
        status: 'FAILED,DISTING',
        region: 'r1',
        q: 'disk',
        sort: 'updateTime',
        order: 'desc',
        page: '3',
        pageSize: '1000',
      },
      {
        status: ['FAILED', 'DISTING'],
        region: ['r1'],
        q: 'disk',
        sort: 'updateTime',
        order: 'desc',
        page: 3,
        pageSize: 1000,
      },
    ],
    [
      'bad values fall back to defaults',
      { name: 'a', version: '1', status: 'BOGUS', page: '-2', sort: 'nope', q: 'x' },
      { status: [], region: [], q: 'x', sort: 'instanceId', order: 'asc', page: 1, pageSize: 100 },
    ],
    [
      'arrays take the first value',
      { name: ['a', 'b'], version: '1', region: ['r2', 'r3'] },
      { status: [], region: ['r2'], q: '', sort: 'instanceId', order: 'asc', page: 1, pageSize: 100 },
    ],
  ])('parseInstanceQuery() %s', (_, raw, expected) => {
    const parsed = parseInstanceQuery(raw);
    if (expected === null) expect(parsed).toBeNull();
    else expect(parsed).toMatchObject(expected);
  });

  test.each([
    ['name=a&version=1'],
    [
      'name=a&version=1&status=FAILED&region=cn-chengdu-telecom-4%2Ccn-wuhan-1&q=disk+full&sort=status&order=desc&page=2&pageSize=500',
    ],
    ['name=path%2Fwith+spaces%2F%26amp&version=v%3D1'],
  ])('instanceQueryToParams() round-trips %s', (qs) => {
    const parsed = parseInstanceQuery(Object.fromEntries(new URLSearchParams(qs)));
    expect(parsed).not.toBeNull();
    if (parsed) expect(instanceQueryToParams(parsed).toString()).toBe(qs);
  });

  test('instanceQueryToParams() without paging is the CSV export of the current filter', () => {
    const parsed = parseInstanceQuery({ name: 'a', version: '1', status: 'FAILED', page: '4' });
    expect(parsed && instanceQueryToParams(parsed, { paging: false }).toString()).toBe(
      'name=a&version=1&status=FAILED',
    );
  });

  test('withFilters() returns to page 1 and toggled() adds or removes', () => {
    const parsed = parseInstanceQuery({ name: 'a', version: '1', page: '4' });
    expect(parsed && withFilters(parsed, { q: 'x' })).toMatchObject({ page: 1, q: 'x' });
    expect(toggled(['a', 'b'], 'a')).toEqual(['b']);
    expect(toggled(['a'], 'b')).toEqual(['a', 'b']);
  });
});
