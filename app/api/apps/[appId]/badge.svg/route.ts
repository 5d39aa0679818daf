import { appParams, defineRoute } from '@/lib/server/route';
import { statusImageQuerySchema } from '@/lib/contracts/instance-params';
import { versionBadge } from '@/lib/server/badge';

export const GET = defineRoute(
  { role: 'viewer', signedImage: 'badge.svg', params: appParams, query: statusImageQuerySchema },
  ({ params, query }) => versionBadge(params.appId, query.name, query.version),
);
