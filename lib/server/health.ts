import 'server-only';
import { getConfig } from '@/lib/config';
import { getEnsClient } from '@/lib/ens/client';
import { describeUpstreamError } from '@/lib/server/http';
import { cachedRead } from './cache/reads';
import { getDialect, peekCalibration } from '@/lib/server/calibration';
import { summarizeCalibration, type CalibrationSummary } from '@/lib/server/calibration/summary';

export interface Health {
  status: 'ok' | 'degraded';
  mode: 'simulator' | 'live';
  ens: { reachable: boolean; latencyMs: number | null; error?: { code: string; message: string } };
  /** How the endpoint reads ENS's open questions (lib/server/calibration); null until first calibrated. */
  calibration: CalibrationSummary | null;
}

// Load balancers may probe every second; ENS is asked at most this often.
const PROBE_TTL_MS = 5_000;

/** Whether ENS answers a cheap read (DescribeEnsRegions), and how fast. */
export async function checkHealth(): Promise<Health> {
  const mode = getConfig().mode;
  const probe = await cachedRead(
    'health',
    'ens',
    async () => {
      const started = performance.now();
      try {
        await getEnsClient().describeEnsRegions();
        return { reachable: true, latencyMs: Math.round(performance.now() - started) };
      } catch (err) {
        return { reachable: false, latencyMs: null, error: describeUpstreamError(err) };
      }
    },
    PROBE_TTL_MS,
  );
  // Never waits on calibration: it starts it (first contact) and shows what is known.
  if (probe.value.reachable) void getDialect();
  return { status: probe.value.reachable ? 'ok' : 'degraded', mode, ens: probe.value, calibration: summarizeCalibration(peekCalibration()) };
}
