import 'server-only';
import { z } from 'zod';
import { appParams, defineRoute, type RouteHandler } from '@/lib/server/route';

/**
 * A write to one application whose service validates the body itself and honours an
 * Idempotency-Key header (createDistribution, createClean): the same rule, quota and
 * answer for each, so a replay is marked the same way everywhere.
 */
type AppWrite = (
  appId: string,
  body: unknown,
  idempotencyKey: string | null,
  actor: string,
) => Promise<{ replayed: boolean }>;

export function defineAppWriteRoute(write: AppWrite): RouteHandler {
  return defineRoute(
    { role: 'operator', rateLimited: true, params: appParams, body: z.unknown() },
    async ({ params, body, request, actor }) => {
      const { replayed, ...answer } = await write(params.appId, body, request.headers.get('idempotency-key'), actor);
      return Response.json(answer, {
        status: 201,
        headers: { 'cache-control': 'no-store', ...(replayed ? { 'idempotent-replayed': 'true' } : {}) },
      });
    },
  );
}
