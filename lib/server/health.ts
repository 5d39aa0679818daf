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
  ens: {
    reachable: boolean;
    latencyMs: number | null;
    error?: { code: string; message: string };
    circuit: 'closed' | 'open' | 'half-open';
  };
  /** How the endpoint reads ENS's open questions (lib/server/calibration); null until first calibrated. */
  calibration: CalibrationSummary | null;
}

// Load balancers may probe every second; ENS is asked at most this often.
const PROBE_TTL_MS = 5_000;
const HEALTH_WAIT_MS = 1_000;

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
    // A load balancer's probe answers within a second: a probe ENS leaves waiting counts as unreachable.
    { staleAfterMs: HEALTH_WAIT_MS, failAfterMs: HEALTH_WAIT_MS },
  ).catch((err: unknown) => ({
    value: { reachable: false, latencyMs: null, error: describeUpstreamError(err) },
    stale: false,
    fetchedAt: Date.now(),
    error: undefined,
  }));
  const value = probe.stale
    ? { reachable: false, latencyMs: null, error: describeUpstreamError(probe.error) }
    : probe.value;
  // Never waits on calibration: it starts it (first contact) and shows what is known.
  if (value.reachable) void getDialect();
  return {
    status: value.reachable ? 'ok' : 'degraded',
    mode,
    ens: { ...value, circuit: circuitState() },
    calibration: summarizeCalibration(peekCalibration()),
  };
}

function circuitState(): Health['ens']['circuit'] {
  try {
    return getEnsClient().circuit().state;
  } catch {
    return 'closed';
  }
}
