import { appParams, defineRoute } from '@/lib/server/route';
import { instanceQuerySchema } from '@/lib/contracts/instance-params';
import { queryInstances } from '@/lib/server/versions';

export const GET = defineRoute({ role: 'viewer', params: appParams, query: instanceQuerySchema }, ({ params, query }) =>
  queryInstances(params.appId, query),
);
