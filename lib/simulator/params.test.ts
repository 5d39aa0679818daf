import { describe, expect, test } from 'vitest';
import { nextVersion } from './data-files';
import { allocate } from './fleet';
import { inDateRange, pageWindow, parseDate, parsePaging } from './params';
import { createRng, hashString } from './rng';
import { rejection } from './testing';

describe('parseDate() for the 2006-01-02 layout', () => {
  test.each(['2024-05-20', '2000-02-29', ' 2024-01-01 '])('accepts %j', (value) => {
    expect(parseDate({ MinDate: value }, 'MinDate')).toBe(value.trim());
  });

  test.each(['2024-5-20', '2023-02-29', '2024-13-01', '24-05-20', '2024-05-20T00:00:00Z', 'yesterday'])(
    'rejects %j',
    (value) => {
      expect(rejection(() => parseDate({ MaxDate: value }, 'MaxDate')).code).toBe('InvalidParameter.MaxDate');
    },
  );

  test('absent or empty is no bound', () => {
    expect(parseDate({}, 'MinDate')).toBeUndefined();
    expect(parseDate({ MinDate: '' }, 'MinDate')).toBeUndefined();
  });
});

describe('inDateRange() is inclusive on UTC dates', () => {
  const at = Date.UTC(2024, 4, 20, 23, 59, 59);
  test.each([
    [{ min: '2024-05-20' }, true],
    [{ max: '2024-05-20' }, true],
    [{ min: '2024-05-21' }, false],
    [{ max: '2024-05-19' }, false],
    [{ min: '2024-05-01', max: '2024-05-31' }, true],
    [{}, true],
  ])('%j → %s', (range, inside) => {
    expect(inDateRange(at, range)).toBe(inside);
  });
});

describe('parsePaging() and pageWindow()', () => {
  test.each([
    [{}, null],
    [{ PageNumber: '3' }, { pageNumber: 3, pageSize: 10 }],
    [{ PageSize: '50' }, { pageNumber: 1, pageSize: 50 }],
    [
      { PageNumber: '2', PageSize: '1000' },
      { pageNumber: 2, pageSize: 1000 },
    ],
  ])('%j → %j', (params, paging) => {
    expect(parsePaging(params)).toEqual(paging);
  });

  test.each([
    [null, 25, { start: 0, end: 25 }],
    [{ pageNumber: 3, pageSize: 10 }, 25, { start: 20, end: 25 }],
    [{ pageNumber: 4, pageSize: 10 }, 25, { start: 25, end: 25 }],
  ])('pageWindow(%j, %i) → %j', (paging, total, window) => {
    expect(pageWindow(paging, total)).toEqual(window);
  });
});

describe('nextVersion()', () => {
  test.each([
    ['4885', '4886'],
    ['1.0', '1.1'],
    ['1.9', '1.10'],
    ['standard', 'standard-2'],
    ['standard-2', 'standard-3'],
  ])('%s → %s', (version, next) => {
    expect(nextVersion(version)).toBe(next);
  });
});

describe('allocate()', () => {
  test.each([
    [10, [1, 1, 1], [4, 3, 3]],
    [100, [3, 1], [75, 25]],
    [1, [1, 5], [0, 1]],
  ])('splits %i by %j into %j', (total, weights, parts) => {
    expect(allocate(total, weights)).toEqual(parts);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
  });
});

describe('seeded randomness', () => {
  test('the same seed draws the same sequence, another seed another', () => {
    const draw = (seed: string) => Array.from({ length: 5 }, createRng(seed).next);
    const a = createRng('x');
    const b = createRng('x');
    expect([a.next(), a.next(), a.int(100)]).toEqual([b.next(), b.next(), b.int(100)]);
    expect(draw('x')).not.toEqual(draw('y'));
    expect(hashString('ens-dashboard')).toBe(hashString('ens-dashboard'));
  });
});
