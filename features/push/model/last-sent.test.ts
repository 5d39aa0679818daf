import { describe, expect, test } from 'vitest';
import { readLastSent, repeatOf, writeLastSent, type LastSent } from './last-sent';

const last: LastSent = {
  pushId: 'p_1',
  files: [
    { name: 'a.pak', version: '1' },
    { name: 'b.bin', version: '2' },
  ],
  at: 1,
};

describe('repeatOf', () => {
  test('the same files and versions, in any order, repeat the last push', () => {
    expect(
      repeatOf(last, [
        { name: 'b.bin', version: '2' },
        { name: 'a.pak', version: '1' },
      ]),
    ).toBe(last);
  });
  test('another version, a file more or less, or nothing sent yet: no repeat', () => {
    expect(repeatOf(last, [{ name: 'a.pak', version: '1' }])).toBeUndefined();
    expect(
      repeatOf(last, [
        { name: 'a.pak', version: '1' },
        { name: 'b.bin', version: '3' },
      ]),
    ).toBeUndefined();
    expect(repeatOf(undefined, last.files)).toBeUndefined();
  });
});

describe('stored last push', () => {
  test('round-trips per application; a hand-edited entry is ignored', () => {
    const map = new Map<string, string>();
    const store = {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
      removeItem: (k: string) => void map.delete(k),
    };
    writeLastSent(store, 'app-1', last);
    expect(readLastSent(store, 'app-1')).toEqual(last);
    expect(readLastSent(store, 'app-2')).toBeUndefined();
    map.set('ens-push:last-sent:app-2', '{"pushId":1}');
    expect(readLastSent(store, 'app-2')).toBeUndefined();
  });
});
