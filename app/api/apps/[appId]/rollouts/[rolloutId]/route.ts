import { defineRoute, rolloutParams } from '@/lib/server/route';
import { getRollout } from '@/lib/server/rollouts/service';

export const GET = defineRoute({ role: 'viewer', params: rolloutParams }, ({ params }) =>
  getRollout(params.appId, params.rolloutId),
);
