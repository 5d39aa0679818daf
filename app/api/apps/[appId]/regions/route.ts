import { appParams, defineRoute } from '@/lib/api/route';
import { getAppRegions } from '@/lib/services/apps';

export const GET = defineRoute({ role: 'viewer', params: appParams }, ({ params }) => getAppRegions(params.appId));
