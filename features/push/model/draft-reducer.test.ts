import { describe, expect, test } from 'vitest';
import { emptyDraft, emptyRow, type FileRowDraft, type PushDraft } from './draft';
import { draftReducer, type DraftAction } from './draft-reducer';

function row(id: string, name = id): FileRowDraft {
  return { ...emptyRow(), id, name, version: '1', url: 'https://x/y', size: '1' };
}
function draftWith(...ids: string[]): PushDraft {
  return { ...emptyDraft(), files: ids.map((id) => row(id)) };
}
const names = (d: PushDraft) => d.files.map((r) => r.name);

describe('draftReducer()', () => {
  test.each<[string, PushDraft, DraftAction, string[]]>([
    ['moveRow up', draftWith('a', 'b', 'c'), { type: 'moveRow', id: 'c', by: -1 }, ['a', 'c', 'b']],
    ['moveRow down', draftWith('a', 'b', 'c'), { type: 'moveRow', id: 'a', by: 1 }, ['b', 'a', 'c']],
    ['moveRow past the top is a no-op', draftWith('a', 'b'), { type: 'moveRow', id: 'a', by: -1 }, ['a', 'b']],
    ['moveRow past the end is a no-op', draftWith('a', 'b'), { type: 'moveRow', id: 'b', by: 1 }, ['a', 'b']],
    [
      'duplicateRow inserts after the original',
      draftWith('a', 'b'),
      { type: 'duplicateRow', id: 'a' },
      ['a', 'a', 'b'],
    ],
    ['removeRow', draftWith('a', 'b'), { type: 'removeRow', id: 'a' }, ['b']],
    ['removeRow of the last row leaves a blank one', draftWith('a'), { type: 'removeRow', id: 'a' }, ['']],
    ['editRow', draftWith('a'), { type: 'editRow', id: 'a', patch: { name: 'z' } }, ['z']],
    [
      'importRows appends, dropping blank rows',
      { ...emptyDraft(), files: [emptyRow(), row('a')] },
      { type: 'importRows', rows: [row('n')], replace: false },
      ['a', 'n'],
    ],
    ['importRows replaces', draftWith('a'), { type: 'importRows', rows: [row('n')], replace: true }, ['n']],
  ])('%s', (_title, draft, action, expected) => {
    expect(names(draftReducer(draft, action))).toEqual(expected);
  });

  test('duplicateRow gives the copy its own id', () => {
    const next = draftReducer(draftWith('a'), { type: 'duplicateRow', id: 'a' });
    expect(next.files[0]?.id).toBe('a');
    expect(next.files[1]?.id).not.toBe('a');
  });

  test('setPolicies chooses selected regions explicitly', () => {
    const next = draftReducer(emptyDraft(), {
      type: 'setPolicies',
      policies: [{ id: 'p', operator: 'In', values: ['r'] }],
    });
    expect(next.scope).toBe('selected');
    expect(next.policies).toEqual([{ id: 'p', operator: 'In', values: ['r'] }]);
  });

  test('startNewPush clears the files and keeps where they went', () => {
    const before: PushDraft = {
      ...draftWith('a'),
      scope: 'selected',
      policies: [{ id: 'p', operator: 'In', values: ['r'] }],
      pending: { key: 'k', fingerprint: 'f' },
    };
    const next = draftReducer(before, { type: 'startNewPush' });
    expect(names(next)).toEqual(['']);
    expect(next.pending).toBeNull();
    expect(next.policies).toEqual(before.policies);
  });

  test('the empty draft targets nothing until someone chooses', () => {
    expect(emptyDraft().scope).toBe('unset');
  });
});
