/**
 * The dashboard's roles and what each may do, shared by the server (which enforces
 * them) and the browser (which only hides what a role cannot do).
 *
 * - viewer: every read and page;
 * - operator: push, distribute, create and drive rollouts;
 * - approver: approve rollout stages (see mayApprove for self-approval);
 * - admin: tokens, notification settings, everything.
 * Roles are a set, not a ladder: an approver need not be an operator. An admin holds all.
 */
export const ROLES = ['viewer', 'operator', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What a route or action requires: `public` needs no identity at all (health checks). */
export type Requirement = 'public' | Role;

export function hasRole(roles: readonly Role[], required: Requirement): boolean {
  if (required === 'public') return true;
  if (roles.includes('admin')) return true;
  if (required === 'viewer') return roles.length > 0;
  return roles.includes(required);
}

/** The roles an identity holds once implied ones are added: anyone known is a viewer; an admin is everything. */
export function normalizeRoles(roles: Iterable<Role>): Role[] {
  const set = new Set(roles);
  if (set.has('admin')) return [...ROLES];
  set.add('viewer');
  return ROLES.filter((r) => set.has(r));
}
