import { appParams, defineRoute } from '@/lib/api/route';
import { historyQuerySchema } from '@/lib/distribution/history-query';
import { getDistributionHistory } from '@/lib/services/history';

export const GET = defineRoute({ role: 'viewer', params: appParams, query: historyQuerySchema }, ({ params, query }) =>
  getDistributionHistory(params.appId, query.name, query.version, query.since),
);
