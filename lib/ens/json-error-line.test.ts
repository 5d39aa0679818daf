import { describe, expect, test } from 'vitest';
import { jsonErrorLine, jsonErrorOffset } from './json-error-line';

describe('jsonErrorLine()', () => {
  test.each<[string, string, number | undefined]>([
    ['valid array', '[{"a":1,"b":[true,false,null,"x\\n"]}]', undefined],
    ['valid over lines', '[\n {"a": -1.5e3}\n]', undefined],
    ['bare word on line 2', '[\n{"name": oops}]', 2],
    ['missing comma on line 3', '[\n{"a":1}\n{"b":2}]', 3],
    ['trailing comma on line 2', '[1,\n]', 2],
    ['unterminated string', '["abc', 1],
    ['single quotes on line 4', "[\n\n\n{'a':1}]", 4],
    ['trailing garbage', '[1] x', 1],
    ['empty', '', 1],
    // The cases parseDataJson reports, and escapes only a strict scanner catches.
    ['a missing comma between keys', '[{"name":"a"\n "version":"1"}]', 2],
    ['a cut-off array', '[{"name":"a",\n"version":"1"', 2],
    ['a trailing comma on line 3', '[\n{"name":"a"},\n]', 3],
    ['plain text', 'hello', 1],
    ['an unknown escape on line 2', '[\n"a\\q"\n]', 2],
    ['a short \\u escape on line 2', '[\n"\\u00e"\n]', 2],
    ['a valid \\u escape', '["\\u00e9\\"\\\\\\/\\b\\f\\n\\r\\t"]', undefined],
    ['a raw tab inside a string', '["a\tb"]', 1],
  ])('%s', (_title, text, expected) => {
    expect(jsonErrorLine(text)).toBe(expected);
  });
});

describe('jsonErrorOffset()', () => {
  test.each<[string, string, number | undefined]>([
    ['valid', '{"a":[1,2]}', undefined],
    ['a bare word, at its start', '[1, oops]', 4],
    ['a missing comma', '[1 2]', 3],
    ['an unknown escape, at the escaped character', '["a\\q"]', 4],
    ['text that ends too early', '[{"a":1', 7],
    ['a leading zero', '[01]', 2],
  ])('%s', (_title, text, expected) => {
    expect(jsonErrorOffset(text)).toBe(expected);
  });
});
