import { appParams, defineRoute } from '@/lib/server/route';
import { versionQuerySchema } from '@/lib/contracts/instance-params';
import { versionBadge } from '@/lib/server/badge';

export const GET = defineRoute({ role: 'viewer', params: appParams, query: versionQuerySchema }, ({ params, query }) =>
  versionBadge(params.appId, query.name, query.version),
);
