import 'server-only';
import { setEnsCallObserver } from '@/lib/ens/observer';
import { getLogger } from './logger';
import { getMetrics } from './metrics';

/** One log line and the metrics for every ENS call attempt, with ENS's RequestId. */
export function observeEnsCalls(): void {
  const metrics = getMetrics();
  const log = getLogger();
  setEnsCallObserver((event) => {
    const seconds = event.durationMs / 1000;
    metrics.ensCalls.inc({ action: event.action, outcome: event.outcome });
    metrics.ensLatency.observe({ action: event.action, outcome: event.outcome }, seconds);
    const line = {
      msg: 'ens call',
      action: event.action,
      kind: event.kind,
      outcome: event.outcome,
      durationMs: Math.round(event.durationMs),
      ensRequestId: event.requestId ?? null,
      ...(event.code ? { code: event.code, httpStatus: event.httpStatus } : {}),
    };
    if (event.outcome === 'ok') log.info(line);
    else log.warn(line);
  });
}
