import { appParams, defineRoute } from '@/lib/api/route';
import { instanceQuerySchema } from '@/lib/distribution/instance-query';
import { queryInstances } from '@/lib/services/distribution';

export const GET = defineRoute({ role: 'viewer', params: appParams, query: instanceQuerySchema }, ({ params, query }) =>
  queryInstances(params.appId, query),
);
