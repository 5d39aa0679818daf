import { describe, expect, test } from 'vitest';
import { formatBytes, fromBytes, toBytes, type SizeUnit } from './size-units';

describe('toBytes()', () => {
  test.each<[string, SizeUnit, number | undefined]>([
    ['100', 'B', 100],
    ['1', 'KB', 1024],
    ['1.5', 'MB', 1_572_864],
    ['2', 'GB', 2 * 1024 ** 3],
    ['0', 'MB', 0],
    ['', 'MB', undefined],
    ['  ', 'B', undefined],
    ['0.3', 'B', 0],
  ])('toBytes(%j, %s) = %s', (text, unit, expected) => {
    expect(toBytes(text, unit)).toBe(expected);
  });

  test.each(['abc', '1,5', '12MB', '0x10'])('toBytes(%j) is NaN', (text) => {
    expect(toBytes(text, 'B')).toBeNaN();
  });
});

describe('fromBytes()', () => {
  test.each<[number, { text: string; unit: SizeUnit }]>([
    [100, { text: '100', unit: 'B' }],
    [1024, { text: '1', unit: 'KB' }],
    [1_572_864, { text: '1536', unit: 'KB' }],
    [3 * 1024 ** 3, { text: '3', unit: 'GB' }],
    [1025, { text: '1025', unit: 'B' }],
    [0, { text: '0', unit: 'B' }],
  ])('fromBytes(%d)', (bytes, expected) => {
    expect(fromBytes(bytes)).toEqual(expected);
  });
});

describe('formatBytes()', () => {
  test.each([
    [100, '100 B'],
    [1536, '1.5 KB'],
    [1024 ** 3, '1 GB'],
  ])('formatBytes(%d) = %s', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });
});
