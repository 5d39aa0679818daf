import { withUrl } from './archive-hint';
import type { StrategyOperator } from '@/lib/ens/strategy';
import {
  emptyPolicy,
  emptyRow,
  isBlankRow,
  newRowId,
  type FileRowDraft,
  type PolicyDraft,
  type PushDraft,
  type PushMode,
  type Scope,
} from './draft';

export type DraftAction =
  | { type: 'replace'; draft: PushDraft }
  | { type: 'addRow' }
  | { type: 'editRow'; id: string; patch: Partial<Omit<FileRowDraft, 'id'>> }
  | { type: 'duplicateRow'; id: string }
  | { type: 'removeRow'; id: string }
  | { type: 'moveRow'; id: string; by: -1 | 1 }
  | { type: 'importRows'; rows: FileRowDraft[]; replace: boolean }
  | { type: 'setMode'; mode: PushMode }
  | { type: 'setScope'; scope: Scope }
  | { type: 'setPolicies'; policies: PolicyDraft[] }
  | { type: 'addPolicy'; operator?: StrategyOperator }
  | { type: 'editPolicy'; id: string; patch: Partial<Omit<PolicyDraft, 'id'>> }
  | { type: 'removePolicy'; id: string }
  | { type: 'setPending'; pending: PushDraft['pending'] }
  | { type: 'startNewPush' };

/** Pure: every edit of the push form's draft. Unknown ids leave the draft unchanged. */
export function draftReducer(draft: PushDraft, action: DraftAction): PushDraft {
  switch (action.type) {
    case 'replace':
      return action.draft;
    case 'addRow':
      return { ...draft, files: [...draft.files, emptyRow()] };
    case 'editRow':
      return {
        ...draft,
        files: draft.files.map((r) => {
          if (r.id !== action.id) return r;
          const { url, ...rest } = action.patch;
          // The archive type follows the URL until the person picks one (archive-hint.ts).
          const next = url !== undefined && rest.archiveType === undefined ? withUrl(r, url) : r;
          return { ...next, ...action.patch };
        }),
      };
    case 'duplicateRow': {
      const index = draft.files.findIndex((r) => r.id === action.id);
      const row = draft.files[index];
      if (!row) return draft;
      const files = [...draft.files];
      files.splice(index + 1, 0, { ...row, id: newRowId() });
      return { ...draft, files };
    }
    case 'removeRow': {
      const files = draft.files.filter((r) => r.id !== action.id);
      // The editor always shows at least one row to type into.
      return { ...draft, files: files.length > 0 ? files : [emptyRow()] };
    }
    case 'moveRow': {
      const from = draft.files.findIndex((r) => r.id === action.id);
      const to = from + action.by;
      const row = draft.files[from];
      if (!row || to < 0 || to >= draft.files.length) return draft;
      const files = [...draft.files];
      files.splice(from, 1);
      files.splice(to, 0, row);
      return { ...draft, files };
    }
    case 'importRows': {
      const kept = action.replace ? [] : draft.files.filter((r) => !isBlankRow(r));
      const files = [...kept, ...action.rows];
      return { ...draft, files: files.length > 0 ? files : [emptyRow()] };
    }
    case 'setMode':
      return { ...draft, mode: action.mode };
    case 'setScope':
      return { ...draft, scope: action.scope };
    case 'setPolicies':
      return { ...draft, scope: 'selected', policies: action.policies.length > 0 ? action.policies : [emptyPolicy()] };
    case 'addPolicy':
      return { ...draft, policies: [...draft.policies, emptyPolicy(action.operator)] };
    case 'editPolicy':
      return { ...draft, policies: draft.policies.map((p) => (p.id === action.id ? { ...p, ...action.patch } : p)) };
    case 'removePolicy': {
      const policies = draft.policies.filter((p) => p.id !== action.id);
      return { ...draft, policies: policies.length > 0 ? policies : [emptyPolicy()] };
    }
    case 'setPending':
      return { ...draft, pending: action.pending };
    case 'startNewPush':
      // The next release usually goes the same way: keep the mode and the regions.
      return { ...draft, files: [emptyRow()], pending: null };
  }
}
