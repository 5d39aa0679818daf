import { describe, expect, test } from 'vitest';
import { jsonErrorLine } from './json-error-line';

describe('jsonErrorLine()', () => {
  test.each<[string, string, number | undefined]>([
    ['valid array', '[{"a":1,"b":[true,false,null,"x\\n"]}]', undefined],
    ['valid over lines', '[\n {"a": -1.5e3}\n]', undefined],
    ['bare word on line 2', '[\n{"name": oops}]', 2],
    ['missing comma on line 3', '[\n{"a":1}\n{"b":2}]', 3],
    ['trailing comma on line 2', '[1,\n]', 2],
    ['unterminated string', '["abc', 1],
    ['single quotes on line 4', '[\n\n\n{\'a\':1}]', 4],
    ['trailing garbage', '[1] x', 1],
    ['empty', '', 1],
  ])('%s', (_title, text, expected) => {
    expect(jsonErrorLine(text)).toBe(expected);
  });
});
