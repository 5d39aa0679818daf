import { z } from 'zod';
import { rolloutActionBodySchema } from '@/lib/contracts/rollouts';
import { ROLLOUT_ACTIONS } from '@/lib/domain/rollout-states';
import { defineRoute, rolloutParams } from '@/lib/server/route';
import { actOnRollout } from '@/lib/server/rollouts/service';

// Approving has its own route (approve/route.ts): it needs the approver role, not the operator's.
const OPERATOR_ACTIONS = ROLLOUT_ACTIONS.filter((a) => a !== 'approve');

export const POST = defineRoute(
  {
    role: 'operator',
    rateLimited: true,
    params: rolloutParams.extend({
      action: z.enum(OPERATOR_ACTIONS, { error: `action must be one of ${ROLLOUT_ACTIONS.join(', ')}` }),
    }),
    body: rolloutActionBodySchema,
  },
  ({ params, body, identity }) => actOnRollout(params.appId, params.rolloutId, params.action, body, identity),
);
