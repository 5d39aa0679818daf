import { describe, expect, test } from 'vitest';
import { emptyDraft } from './draft';
import {
  readDraft,
  readSavedStrategies,
  storageKeys,
  withSavedStrategy,
  writeStored,
  type KeyValueStore,
} from './storage';

function memoryStore(initial: Record<string, string> = {}): KeyValueStore & { data: Record<string, string> } {
  const data = { ...initial };
  return {
    data,
    getItem: (k) => data[k] ?? null,
    setItem: (k, v) => {
      data[k] = v;
    },
    removeItem: (k) => {
      delete data[k];
    },
  };
}

describe('readDraft()', () => {
  test('round-trips a draft per application', () => {
    const store = memoryStore();
    const draft = emptyDraft();
    writeStored(store, storageKeys.draft('a'), draft);
    expect(readDraft(store, 'a')).toEqual(draft);
    expect(readDraft(store, 'b')).toBeUndefined();
  });

  test.each([
    ['not JSON', '{oops'],
    ['wrong shape', '{"files":3}'],
    ['empty', ''],
  ])('ignores an entry that is %s', (_title, text) => {
    expect(readDraft(memoryStore({ [storageKeys.draft('a')]: text }), 'a')).toBeUndefined();
  });

  test('survives a store that throws', () => {
    const store: KeyValueStore = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => undefined,
    };
    expect(readDraft(store, 'a')).toBeUndefined();
    expect(writeStored(store, 'k', 1)).toBe(false);
  });
});

describe('withSavedStrategy()', () => {
  const now = new Date('2024-05-20T08:00:00Z');
  test('adds newest first and replaces by name', () => {
    let list = withSavedStrategy([], 'canary', [{ id: 'x', operator: 'In', values: ['a'] }], now);
    list = withSavedStrategy(list, 'wide', [{ id: 'y', operator: 'NotIn', values: ['b'] }], now);
    list = withSavedStrategy(list, ' canary ', [{ id: 'z', operator: 'In', values: ['c'] }], now);
    expect(list.map((s) => [s.name, s.policies[0]?.values])).toEqual([
      ['canary', ['c']],
      ['wide', ['b']],
    ]);
    const store = memoryStore();
    writeStored(store, storageKeys.strategies('app'), list);
    expect(readSavedStrategies(store, 'app')).toEqual(list);
  });
});
