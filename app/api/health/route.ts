import { defineRoute } from '@/lib/server/route';
import { checkHealth } from '@/lib/server/health';

export const GET = defineRoute({ role: 'public' }, async () => {
  const health = await checkHealth();
  return Response.json(health, { status: health.ens.reachable ? 200 : 503, headers: { 'cache-control': 'no-store' } });
});
