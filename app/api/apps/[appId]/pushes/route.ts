import { z } from 'zod';
import { appParams, defineRoute } from '@/lib/api/route';
import { createPush, listPushes } from '@/lib/services/pushes';

export const POST = defineRoute({ role: 'operator', rateLimited: true, params: appParams, body: z.unknown() }, async ({ params, body, request, actor }) => {
  const outcome = await createPush(params.appId, body, request.headers.get('idempotency-key'), actor);
  const { replayed, ...answer } = outcome;
  return Response.json(answer, { status: 201, headers: { 'cache-control': 'no-store', ...(replayed ? { 'idempotent-replayed': 'true' } : {}) } });
});

export const GET = defineRoute({ role: 'viewer', params: appParams, query: pushListQuerySchema() }, ({ params, query }) =>
  listPushes(params.appId, query),
);

function pushListQuerySchema() {
  return z.object({
    name: z.string().min(1).max(256).optional(),
    version: z.string().min(1).max(128).optional(),
    actor: z.string().min(1).max(200).optional(),
    before: z.string().min(1).max(200).optional(),
    limit: z.coerce.number({ error: 'limit must be a number' }).int().min(1, 'limit must be at least 1').max(200, 'limit must be at most 200').default(50),
  });
}
