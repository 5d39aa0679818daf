import { defineRoute } from '@/lib/server/route';
import { renderMetrics } from '@/lib/server/observability/scrape';

export const dynamic = 'force-dynamic';

/** Prometheus text format: ENS calls, watcher sweeps, leadership, writes, rollouts, HTTP, process. */
export const GET = defineRoute({ role: 'viewer' }, async () => {
  const { body, contentType } = await renderMetrics();
  return new Response(body, { headers: { 'content-type': contentType, 'cache-control': 'no-store' } });
});
