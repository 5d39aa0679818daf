import { z } from 'zod';
import { appParams, defineRoute } from '@/lib/server/route';
import { createChannel, listChannels } from '@/lib/server/notifications/service';

export const GET = defineRoute({ role: 'admin', params: appParams }, ({ params }) => listChannels(params.appId));

export const POST = defineRoute(
  { role: 'admin', params: appParams, body: z.unknown() },
  async ({ params, body, actor }) =>
    Response.json(await createChannel(params.appId, body, actor), {
      status: 201,
      headers: { 'cache-control': 'no-store' },
    }),
);
