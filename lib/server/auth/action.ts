import 'server-only';
import { headers } from 'next/headers';
import type { Requirement } from '@/lib/domain/roles';
import { authorize } from './authorize';
import { identify } from './identify';
import type { Identity } from './identity';
import { consumeWriteQuota } from './rate-limit';

/**
 * The server-action counterpart of defineRoute: every exported action of a
 * 'use server' file is wrapped in this, so the same check runs before it
 * (access-matrix.test.ts refuses a 'use server' file that does not use it).
 * `appId` picks the application a scoped token must match.
 */
export function defineAction<A extends unknown[], R>(
  rule: { role: Requirement; rateLimited?: boolean; appId?: (...args: A) => string | undefined },
  action: (identity: Identity, ...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args: A) => {
    const identity = await identify(await headers());
    authorize(identity, rule.role, rule.appId?.(...args));
    if (rule.rateLimited) consumeWriteQuota(identity.name);
    return action(identity, ...args);
  };
}
