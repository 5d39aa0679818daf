import { rolloutListQuerySchema } from '@/lib/contracts/rollouts';
import { defineRoute } from '@/lib/server/route';
import { listRollouts } from '@/lib/server/rollouts/service';

/** Every application's rollouts, those waiting for a person first (the /apps page's "Waiting for you"). */
export const GET = defineRoute({ role: 'viewer', query: rolloutListQuerySchema }, ({ query }) =>
  listRollouts(null, query),
);
