import { appParams, defineRoute } from '@/lib/server/route';
import { getAppRegions } from '@/lib/server/apps';

export const GET = defineRoute({ role: 'viewer', params: appParams }, ({ params }) => getAppRegions(params.appId));
