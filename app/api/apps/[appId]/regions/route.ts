import { appParams, defineRoute } from '@/lib/server/route';
import { getAppRegions } from '@/lib/server/apps';

export const GET = defineRoute({ params: appParams }, ({ params }) => getAppRegions(params.appId));
