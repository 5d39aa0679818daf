import { describe, expect, test } from 'vitest';
import { badgeSvg, badgeText, BADGE_COLORS } from './badge';
import { emptyCounts, statusFigures, type StatusCounts } from './status';

const input = (name: string, version: string, o: Partial<StatusCounts>) => {
  const counts = { ...emptyCounts(), ...o };
  return { name, version, counts, ...statusFigures(counts) };
};

describe('badgeText', () => {
  test.each([
    [
      'failures say so',
      input('data', '1.2', { SUCCESS: 429, FAILED: 7 }),
      'data 1.2',
      '98.3 % · 7 failed',
      BADGE_COLORS['done-with-failures'],
    ],
    ['done', input('dir/data', '1.3', { SUCCESS: 10, DELETED: 2 }), 'data 1.3', '100 %', BADGE_COLORS.done],
    [
      'in flight',
      input('data', '2', { SUCCESS: 5, DISTING: 3, POD_RESTARTING: 2 }),
      'data 2',
      '50.0 % · 5 in flight',
      BADGE_COLORS['in-flight'],
    ],
    ['no instances', input('data', '3', {}), 'data 3', 'no instances', BADGE_COLORS['no-instances']],
  ])('%s', (_, given, label, message, color) => {
    expect(badgeText(given)).toEqual({ label, message, color });
  });

  test('a long name is shortened', () => {
    expect(badgeText(input('x'.repeat(80), '1', { SUCCESS: 1 })).label).toHaveLength(40);
  });
});

test('badgeSvg escapes text and sizes to it', () => {
  const svg = badgeSvg({ label: '<a&b>', message: '1 %', color: '#e05d44' });
  expect(svg).toContain('&lt;a&amp;b&gt;');
  expect(svg).not.toContain('<a&b>');
  const wide = badgeSvg({ label: 'a much longer label here', message: '1 %', color: '#e05d44' });
  const width = (s: string) => Number(/width="(\d+(?:\.\d+)?)"/.exec(s)?.[1]);
  expect(width(wide)).toBeGreaterThan(width(svg));
});
