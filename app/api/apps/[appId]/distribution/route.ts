import { appParams, defineRoute } from '@/lib/api/route';
import { getVersionSummaries } from '@/lib/services/distribution';

export const GET = defineRoute({ params: appParams }, ({ params }) => getVersionSummaries(params.appId));
