import { appParams, defineRoute } from '@/lib/api/route';
import { versionQuerySchema } from '@/lib/distribution/instance-query';
import { getPushStatus } from '@/lib/services/distribution';

export const GET = defineRoute({ role: 'viewer', params: appParams, query: versionQuerySchema }, ({ params, query }) =>
  getPushStatus(params.appId, query.name, query.version),
);
