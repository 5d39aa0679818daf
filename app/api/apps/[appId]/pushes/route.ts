import { z } from 'zod';
import { appParams, defineRoute } from '@/lib/server/route';
import { pushListQuerySchema } from '@/lib/contracts/push-writes';
import { createPush, listPushes } from '@/lib/server/pushes';

export const POST = defineRoute(
  { role: 'operator', rateLimited: true, params: appParams, body: z.unknown() },
  async ({ params, body, request, actor }) => {
    const outcome = await createPush(params.appId, body, request.headers.get('idempotency-key'), actor);
    const { replayed, ...answer } = outcome;
    return Response.json(answer, {
      status: 201,
      headers: { 'cache-control': 'no-store', ...(replayed ? { 'idempotent-replayed': 'true' } : {}) },
    });
  },
);

export const GET = defineRoute({ role: 'viewer', params: appParams, query: pushListQuerySchema }, ({ params, query }) =>
  listPushes(params.appId, query),
);
