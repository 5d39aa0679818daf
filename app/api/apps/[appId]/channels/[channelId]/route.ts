import { channelParams, defineRoute } from '@/lib/server/route';
import { deleteChannel } from '@/lib/server/notifications/service';

export const DELETE = defineRoute({ role: 'admin', params: channelParams }, ({ params }) =>
  deleteChannel(params.appId, params.channelId),
);
