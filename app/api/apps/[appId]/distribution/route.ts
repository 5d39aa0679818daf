import { appParams, defineRoute } from '@/lib/server/route';
import { getVersionSummaries } from '@/lib/server/versions';

export const GET = defineRoute({ role: 'viewer', params: appParams }, ({ params }) =>
  getVersionSummaries(params.appId),
);
