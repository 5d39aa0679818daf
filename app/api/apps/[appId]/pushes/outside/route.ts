import { appParams, defineRoute } from '@/lib/server/route';
import { outsidePushesQuerySchema } from '@/lib/contracts/push-writes';
import { listOutsidePushes } from '@/lib/server/pushes';

export const GET = defineRoute(
  { role: 'viewer', params: appParams, query: outsidePushesQuerySchema },
  ({ params, query }) => listOutsidePushes(params.appId, query),
);
