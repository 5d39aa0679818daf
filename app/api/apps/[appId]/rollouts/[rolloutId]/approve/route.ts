import { rolloutActionBodySchema } from '@/lib/contracts/rollouts';
import { defineRoute, rolloutParams } from '@/lib/server/route';
import { actOnRollout } from '@/lib/server/rollouts/service';

export const POST = defineRoute(
  { role: 'approver', rateLimited: true, params: rolloutParams, body: rolloutActionBodySchema },
  ({ params, body, identity }) => actOnRollout(params.appId, params.rolloutId, 'approve', body, identity),
);
