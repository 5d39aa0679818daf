import { appParams, defineRoute } from '@/lib/server/route';
import { versionQuerySchema } from '@/lib/contracts/instance-params';
import { getVersionDetail } from '@/lib/server/versions';

// `ensNow` is the ENS clock at the moment of answering: a poll between two sweeps is still a 304.
export const GET = defineRoute(
  { role: 'viewer', params: appParams, query: versionQuerySchema, volatile: ['ensNow'] },
  ({ params, query }) => getVersionDetail(params.appId, query.name, query.version),
);
