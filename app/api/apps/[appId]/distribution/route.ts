import { appParams, defineRoute } from '@/lib/api/route';
import { getVersionSummaries } from '@/lib/services/distribution';

export const GET = defineRoute({ role: 'viewer', params: appParams }, ({ params }) => getVersionSummaries(params.appId));
