import { describe, expect, test } from 'vitest';
import { normalizeRoles } from '@/lib/domain/roles';
import { authorizeApproval, mayApprove } from './authorize';
import type { Identity } from './identity';

const who = (name: string, roles: Parameters<typeof normalizeRoles>[0]): Identity => ({
  name,
  roles: normalizeRoles(roles),
  via: 'proxy',
});

describe('approving a rollout stage', () => {
  test('needs the approver role; with selfApprove off, not the rollout creator', () => {
    expect(mayApprove(who('anna', ['approver']), 'otto', false)).toBe(true);
    expect(mayApprove(who('otto', ['approver', 'operator']), 'otto', false)).toBe(false);
    expect(mayApprove(who('otto', ['approver', 'operator']), 'otto', true)).toBe(true);
    expect(mayApprove(who('otto', ['operator']), 'someone', true)).toBe(false);
    expect(mayApprove(who('ada', ['admin']), 'ada', false)).toBe(false);
    expect(mayApprove({ name: 'anonymous', roles: [], via: 'anonymous' }, 'x', true)).toBe(false);
  });

  test('refusals are 403 naming the rule', () => {
    expect(() => authorizeApproval(who('otto', ['approver']), 'otto', false, 'app')).toThrow(/Self-approval is off/);
    expect(() => authorizeApproval(who('vera', []), 'otto', true, 'app')).toThrow(/needs the approver role/);
  });
});
