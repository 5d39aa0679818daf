import { describe, expect, test } from 'vitest';
import { parseDataJson } from '@/lib/ens/data-files';
import { describeImportIssue } from './import-issues';

describe('describeImportIssue()', () => {
  test.each([
    [
      { path: [1, 'md5'], message: 'md5 must be empty or 32 hexadecimal characters' },
      'File 2, md5: md5 must be empty or 32 hexadecimal characters',
    ],
    [{ path: [0], message: 'data must be…' }, 'File 1: data must be…'],
    [{ path: [], message: 'not valid JSON', line: 3 }, 'Line 3: not valid JSON'],
    [{ path: [], message: 'not valid JSON (line 3)', line: 3 }, 'not valid JSON (line 3)'],
  ])('%j', (issue, expected) => {
    expect(describeImportIssue(issue)).toBe(expected);
  });

  test('a syntax error on line 2 names the line', () => {
    const text = '[\n{"name": oops}]';
    const parsed = parseDataJson(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.map((e) => describeImportIssue(e, text)).join()).toMatch(/line 2/i);
  });
});
