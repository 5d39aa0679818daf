import { defineRoute } from '@/lib/server/route';
import { checkReadiness } from '@/lib/server/readiness';

export const dynamic = 'force-dynamic';

/** 200 `ready` or `degraded` (ENS unreachable), 503 `not_ready` (database, schema, shutting down). */
export const GET = defineRoute({ role: 'public' }, async () => {
  const readiness = await checkReadiness();
  return Response.json(readiness, {
    status: readiness.status === 'not_ready' ? 503 : 200,
    headers: { 'cache-control': 'no-store' },
  });
});
