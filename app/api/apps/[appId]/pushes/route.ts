import { z } from 'zod';
import { appParams, defineRoute } from '@/lib/server/route';
import { fileNameSchema, fileVersionSchema, filterText } from '@/lib/contracts/instance-params';
import { createPush, listPushes } from '@/lib/server/pushes';

export const POST = defineRoute({ params: appParams, body: z.unknown() }, async ({ params, body, request, actor }) => {
  const outcome = await createPush(params.appId, body, request.headers.get('idempotency-key'), actor);
  const { replayed, ...answer } = outcome;
  return Response.json(answer, { status: 201, headers: { 'cache-control': 'no-store', ...(replayed ? { 'idempotent-replayed': 'true' } : {}) } });
});

export const GET = defineRoute({ params: appParams, query: pushListQuerySchema() }, ({ params, query }) =>
  listPushes(params.appId, query),
);

function pushListQuerySchema() {
  return z.object({
    name: fileNameSchema.optional(),
    version: fileVersionSchema.optional(),
    actor: filterText('actor', 200).min(1, 'actor must not be empty').optional(),
    before: z.string().min(1).max(200).regex(/^[A-Za-z0-9_-]+$/, 'before is not a cursor this server issued').optional(),
    limit: z.coerce.number({ error: 'limit must be a number' }).int().min(1, 'limit must be at least 1').max(200, 'limit must be at most 200').default(50),
  });
}
