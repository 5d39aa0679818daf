import { describe, expect, test } from 'vitest';
import { hasFilters, historyFiltersToParams, parseHistoryFilters } from './history-filters';

describe('parseHistoryFilters()', () => {
  test.each([
    ['nothing', {}, { name: '', version: '', actor: '' }],
    [
      'all three, trimmed',
      { name: ' game.pak ', version: '1.0', actor: 'ana' },
      { name: 'game.pak', version: '1.0', actor: 'ana' },
    ],
    ['first of repeated values', { version: ['2.0', '3.0'] }, { name: '', version: '2.0', actor: '' }],
    ['unknown parameters ignored', { q: 'x', before: 'c' }, { name: '', version: '', actor: '' }],
    [
      'over-long text cut to the API limit',
      { version: 'v'.repeat(300) },
      { name: '', version: 'v'.repeat(128), actor: '' },
    ],
  ])('%s', (_title, raw, expected) => {
    expect(parseHistoryFilters(raw)).toEqual(expected);
  });
});

describe('historyFiltersToParams()', () => {
  test.each([
    [{ name: '', version: '', actor: '' }, ''],
    [{ name: 'a b', version: '', actor: '' }, 'name=a+b'],
    [{ name: 'x', version: '1', actor: 'ana@example.com' }, 'name=x&version=1&actor=ana%40example.com'],
  ])('%j → %s', (filters, qs) => {
    expect(historyFiltersToParams(filters).toString()).toBe(qs);
    expect(hasFilters(filters)).toBe(qs !== '');
  });
});
