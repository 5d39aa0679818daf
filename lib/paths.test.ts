import { expect, test } from 'vitest';
import { paths } from './paths';

test('paths.version() encodes the app, name and version', () => {
  expect(paths.version('app 1', 'a/b c.pak', '1.0+x')).toBe('/apps/app%201/versions?name=a%2Fb+c.pak&version=1.0%2Bx');
});

test('paths.version() keeps the filters but never a second name or version', () => {
  const filters = new URLSearchParams({ name: 'other', status: 'FAILED', region: 'cn-a' });
  expect(paths.version('a', 'f', '1', filters)).toBe('/apps/a/versions?name=f&version=1&status=FAILED&region=cn-a');
});

test.each([
  [paths.apps(), '/apps'],
  [paths.app('a/b'), '/apps/a%2Fb'],
  [paths.push('a'), '/apps/a/push'],
  [paths.history('a'), '/apps/a/history'],
  [paths.api.pushes('a', { limit: '5' }), '/api/apps/a/pushes?limit=5'],
  [paths.api.detail('a', { name: 'f', version: '1' }), '/api/apps/a/distribution/detail?name=f&version=1'],
])('%s', (actual, expected) => {
  expect(actual).toBe(expected);
});
