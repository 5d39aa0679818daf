import { appParams, defineRoute } from '@/lib/server/route';
import { historyQuerySchemaAt } from '@/lib/contracts/history-params';
import { ensNow } from '@/lib/ens/clock';
import { getDistributionHistory } from '@/lib/server/snapshots';

export const GET = defineRoute(
  { role: 'viewer', params: appParams, query: historyQuerySchemaAt(() => ensNow()) },
  ({ params, query }) => getDistributionHistory(params.appId, query.name, query.version, query.since),
);
