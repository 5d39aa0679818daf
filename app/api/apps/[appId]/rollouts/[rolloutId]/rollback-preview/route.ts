import { defineRoute, rolloutParams } from '@/lib/server/route';
import { rollbackPreview } from '@/lib/server/rollouts/service';

export const GET = defineRoute({ role: 'viewer', params: rolloutParams }, ({ params }) =>
  rollbackPreview(params.appId, params.rolloutId),
);
