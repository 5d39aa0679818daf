import { expect, test } from 'vitest';
import { formatPinnedAt, parsePinnedAt } from './pinned-at';

test.each([
  [null, null],
  ['', null],
  ['2026-11-26T07:00:00Z', Date.parse('2026-11-26T07:00:00Z')],
  ['2026-11-26T15:00:00+08:00', Date.parse('2026-11-26T07:00:00Z')],
  ['2026-11-26', 'invalid'],
  ['yesterday', 'invalid'],
  ['2026-13-45T07:00:00Z', 'invalid'],
])('parsePinnedAt(%s)', (value, expected) => {
  expect(parsePinnedAt(value)).toBe(expected);
});

test('formatPinnedAt round-trips to the second', () => {
  const ms = Date.parse('2026-11-26T07:00:00.456Z');
  expect(formatPinnedAt(ms)).toBe('2026-11-26T07:00:00Z');
  expect(parsePinnedAt(formatPinnedAt(ms))).toBe(Date.parse('2026-11-26T07:00:00Z'));
});
