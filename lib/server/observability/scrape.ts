import 'server-only';
import { getMetrics } from './metrics';

/** The Prometheus text for /api/metrics. */
export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  const metrics = getMetrics();
  return { body: await metrics.registry.metrics(), contentType: metrics.registry.contentType };
}
