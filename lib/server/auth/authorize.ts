import 'server-only';
import { hasRole, type Requirement } from '@/lib/domain/roles';
import { HttpError } from '@/lib/server/http';
import type { Identity } from './identity';

/**
 * The one access check, for route handlers (through defineRoute) and server actions
 * (through defineAction). `appId` is the application the call acts on, if any: a
 * token scoped to one application may only touch that application.
 */
export function authorize(identity: Identity, required: Requirement, appId?: string): void {
  if (required === 'public') return;
  if (identity.via === 'anonymous') throw new HttpError(401, 'Unauthenticated', 'Sign in to use the dashboard.');
  if (!hasRole(identity.roles, required)) {
    throw new HttpError(
      403,
      'Forbidden',
      `This needs the ${required} role; ${identity.name} has ${identity.roles.join(', ') || 'none'}.`,
    );
  }
  if (identity.appScope && identity.appScope !== appId) {
    throw new HttpError(403, 'Forbidden', `This token is limited to application ${identity.appScope}.`);
  }
}

/**
 * May this identity approve a stage of a rollout created by `createdBy`? Approvers
 * may, except their own rollouts when self-approval is off (four-eyes rule).
 */
export function mayApprove(identity: Identity, createdBy: string, selfApprove: boolean): boolean {
  return (
    identity.via !== 'anonymous' && hasRole(identity.roles, 'approver') && (selfApprove || identity.name !== createdBy)
  );
}

/** authorize() for an approval: 403 naming the rule that refused. */
export function authorizeApproval(identity: Identity, createdBy: string, selfApprove: boolean, appId: string): void {
  authorize(identity, 'approver', appId);
  if (!mayApprove(identity, createdBy, selfApprove)) {
    throw new HttpError(
      403,
      'Forbidden',
      'Self-approval is off: a rollout must be approved by someone other than its creator.',
    );
  }
}
