import { appParams, defineRoute } from '@/lib/server/route';
import { historyQuerySchema } from '@/lib/contracts/history-params';
import { getDistributionHistory } from '@/lib/server/snapshots';

export const GET = defineRoute({ role: 'viewer', params: appParams, query: historyQuerySchema }, ({ params, query }) =>
  getDistributionHistory(params.appId, query.name, query.version, query.since),
);
