import { channelParams, defineRoute } from '@/lib/server/route';
import { listDeliveries } from '@/lib/server/notifications/service';

export const GET = defineRoute({ role: 'admin', params: channelParams }, ({ params }) =>
  listDeliveries(params.appId, params.channelId),
);
