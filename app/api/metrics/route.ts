import { defineRoute } from '@/lib/api/route';
import { getMetrics } from '@/lib/server/observability/metrics';

export const dynamic = 'force-dynamic';

/** Prometheus text format: ENS calls, watcher sweeps, leadership, writes, HTTP, process. */
export const GET = defineRoute({}, async () => {
  const { registry } = getMetrics();
  return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' } });
});
