import { z } from 'zod';
import { rolloutListQuerySchema } from '@/lib/contracts/rollouts';
import { appParams, defineRoute } from '@/lib/server/route';
import { createRollout, listRollouts } from '@/lib/server/rollouts/service';

export const POST = defineRoute(
  { role: 'operator', rateLimited: true, params: appParams, body: z.unknown() },
  async ({ params, body, request, identity }) => {
    const { replayed, answer } = await createRollout(
      params.appId,
      body,
      request.headers.get('idempotency-key'),
      identity,
    );
    return Response.json(answer, {
      status: 201,
      headers: { 'cache-control': 'no-store', ...(replayed ? { 'idempotent-replayed': 'true' } : {}) },
    });
  },
);

export const GET = defineRoute(
  { role: 'viewer', params: appParams, query: rolloutListQuerySchema },
  ({ params, query }) => listRollouts(params.appId, query),
);
