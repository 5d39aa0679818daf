import { channelParams, defineRoute } from '@/lib/server/route';
import { testChannel } from '@/lib/server/notifications/service';

export const POST = defineRoute({ role: 'admin', params: channelParams }, ({ params, actor }) =>
  testChannel(params.appId, params.channelId, actor),
);
