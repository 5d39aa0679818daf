/**
 * Injected faults for resilience tests (`POST /__sim/faults`): added latency,
 * throttling, 503s and dropped connections.
 */
import { z } from 'zod';
import { SimError } from './errors';

const rate = z.number().min(0).max(1).default(0);

/**
 * A posted fault set replaces the current one; omitted fields are 0, so a test
 * that posts `{ throttleRate: 0.3 }` gets exactly that and nothing left over.
 * The rates share one draw per call, so they must add up to at most 1; each is
 * then the exact share of calls that get that fault.
 */
export const faultsSchema = z
  .strictObject({
    latencyMs: z.number().int().min(0).max(60_000).default(0),
    throttleRate: rate,
    errorRate: rate,
    dropRate: rate,
  })
  .refine((f) => f.throttleRate + f.errorRate + f.dropRate <= 1 + 1e-9, {
    message: 'throttleRate + errorRate + dropRate must not exceed 1',
  });

export type Faults = z.output<typeof faultsSchema>;

export const NO_FAULTS: Faults = Object.freeze({ latencyMs: 0, throttleRate: 0, errorRate: 0, dropRate: 0 });

export type FaultOutcome = 'drop' | 'throttle' | 'error' | 'none';

/** One uniform draw split into [drop | throttle | error | none] bands. */
export function drawFault(faults: Faults, random: () => number): FaultOutcome {
  const u = random();
  if (u < faults.dropRate) return 'drop';
  if (u < faults.dropRate + faults.throttleRate) return 'throttle';
  if (u < faults.dropRate + faults.throttleRate + faults.errorRate) return 'error';
  return 'none';
}

/** Status 400, not 429: that is what the service answers (docs/ens.md §4). */
export function throttlingError(): SimError {
  return new SimError('Throttling.User', 'Request was denied due to user flow control.', 400);
}

export function serviceUnavailableError(): SimError {
  return new SimError('ServiceUnavailable', 'The request has failed due to a temporary failure of the server.', 503);
}
