import { appParams, defineRoute } from '@/lib/server/route';
import { versionQuerySchema } from '@/lib/contracts/instance-params';
import { getPushStatus } from '@/lib/server/versions';

export const GET = defineRoute({ role: 'viewer', params: appParams, query: versionQuerySchema }, ({ params, query }) =>
  getPushStatus(params.appId, query.name, query.version),
);
