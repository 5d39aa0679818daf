import { z } from 'zod';
import { appParams, defineRoute } from '@/lib/server/route';
import { createClean } from '@/lib/server/pushes';

export const POST = defineRoute(
  { role: 'operator', rateLimited: true, params: appParams, body: z.unknown() },
  async ({ params, body, request, actor }) => {
    const { replayed, ...answer } = await createClean(
      params.appId,
      body,
      request.headers.get('idempotency-key'),
      actor,
    );
    return Response.json(answer, {
      status: 201,
      headers: { 'cache-control': 'no-store', ...(replayed ? { 'idempotent-replayed': 'true' } : {}) },
    });
  },
);
