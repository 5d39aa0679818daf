import { EnsError, isRetryableCode } from './errors';

/*
 * A circuit breaker around ENS: after `threshold` consecutive calls that say "ENS is
 * failing" (no answer, 5xx, throttling) it opens, and every call fails at once with
 * CircuitOpen instead of waiting out timeouts and retries, so pages answer from their
 * last good data or a clear 503 within a second. After `openMs` one call goes through
 * as a probe: its success closes the circuit, its failure opens it again. Calls that
 * arrive while the probe is out wait for its outcome (`admitAfterProbe`) rather than
 * failing: ENS may well be answering again, and a page's first read makes several calls
 * at once; failing all but one of them sent readers to "ENS unavailable" while ENS was up.
 */

export interface CircuitOptions {
  /** Consecutive failures that open the circuit (default 5). */
  threshold?: number;
  /** How long it stays open before a probe (default 5 s). */
  openMs?: number;
  now?: () => number;
}

export type CircuitState = 'closed' | 'open' | 'half-open';

export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private probing = false;
  /** Settles when the probe in flight does (whatever its outcome). */
  private probeDone: Promise<void> | null = null;
  private endProbe: (() => void) | null = null;
  private readonly threshold: number;
  private readonly openMs: number;
  private readonly now: () => number;

  constructor(options: CircuitOptions = {}) {
    this.threshold = options.threshold ?? 5;
    this.openMs = options.openMs ?? 5_000;
    this.now = options.now ?? Date.now;
  }

  get state(): CircuitState {
    if (this.openedAt === null) return 'closed';
    return this.probing || this.now() - this.openedAt >= this.openMs ? 'half-open' : 'open';
  }

  /** Whether ENS has failed lately (the circuit is not closed, or failures are adding up). */
  get suspect(): boolean {
    return this.openedAt !== null || this.failures > 0;
  }

  /** Call before each attempt; throws CircuitOpen when the call must not go out. Returns a settle function. */
  admit(action: string): (outcome: 'success' | 'failure' | 'neutral') => void {
    if (this.openedAt !== null) {
      const waited = this.now() - this.openedAt;
      if (this.probing || waited < this.openMs) throw this.openError(action, Math.max(0, this.openMs - waited));
      this.probing = true;
      this.probeDone = new Promise((resolve) => (this.endProbe = resolve));
      return (outcome) => this.settleProbe(outcome);
    }
    return (outcome) => this.settle(outcome);
  }

  /** As `admit`, but a call arriving while a probe is in flight first waits for the probe's outcome. */
  async admitAfterProbe(action: string): Promise<(outcome: 'success' | 'failure' | 'neutral') => void> {
    while (this.probing && this.probeDone) await this.probeDone;
    return this.admit(action);
  }

  private settle(outcome: 'success' | 'failure' | 'neutral'): void {
    if (outcome === 'failure') {
      this.failures += 1;
      if (this.failures >= this.threshold && this.openedAt === null) this.openedAt = this.now();
    } else {
      // ENS answered (even with a refusal of the request itself): it is up.
      this.failures = 0;
    }
  }

  private settleProbe(outcome: 'success' | 'failure' | 'neutral'): void {
    this.probing = false;
    this.endProbe?.();
    this.endProbe = null;
    this.probeDone = null;
    if (outcome === 'failure') {
      this.openedAt = this.now();
      return;
    }
    this.openedAt = null;
    this.failures = 0;
  }

  private openError(action: string, retryInMs: number): EnsError {
    return new EnsError({
      code: 'CircuitOpen',
      message: `ENS is unavailable: its recent calls failed, so the dashboard is not calling it for the next ${Math.ceil(retryInMs / 1000)} s`,
      httpStatus: 0,
      retryable: true,
      action,
    });
  }
}

/** Whether a failure says ENS itself is failing, rather than refusing this one request. */
export function isEnsFailing(err: EnsError): boolean {
  if (err.code === 'CircuitOpen' || err.code === 'SignatureNonceUsed' || err.code === 'InvalidInput') return false;
  return isRetryableCode(err.code, err.httpStatus) || err.code === 'EndpointNotFound';
}
