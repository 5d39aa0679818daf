import { describe, expect, test } from 'vitest';
import { formatAgo, formatCount, formatDuration, formatPercent, formatTimestamp, timeInState } from './format';

describe('format', () => {
  test.each([
    [null, '—'],
    [0, '0.0 %'],
    [0.5, '50.0 %'],
    [0.99996, '99.9 %'],
    [1, '100 %'],
    [0.0421, '4.2 %'],
  ])('formatPercent(%s) is %s', (value, expected) => {
    expect(formatPercent(value)).toBe(expected);
  });

  test.each([
    [0, '0 s'],
    [45_000, '45 s'],
    [200_000, '3 m 20 s'],
    [7_500_000, '2 h 5 m'],
    [277_200_000, '3 d 5 h'],
  ])('formatDuration(%d) is %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  test('formatAgo(), formatCount(), timeInState(), formatTimestamp()', () => {
    expect(formatAgo(1000, 1500)).toBe('just now');
    expect(formatAgo(0, 12_000)).toBe('12 s ago');
    expect(formatCount(100000)).toBe('100,000');
    expect(timeInState('2024-01-01T00:00:00Z', Date.parse('2024-01-01T00:01:00Z'))).toBe(60_000);
    expect(timeInState('garbage', 0)).toBeNull();
    expect(formatTimestamp('2024-08-25T10:03:12Z')).toBe('2024-08-25 10:03:12');
    expect(formatTimestamp('')).toBe('—');
  });
});
