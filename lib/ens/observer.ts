import type { EnsError } from './errors';

/**
 * One ENS call attempt as the client saw it, for metrics and logs. Carries no query,
 * no header and no signature: only the action, the outcome and ENS's RequestId.
 */
export type EnsCallOutcome =
  'ok' | 'throttled' | 'server_error' | 'timeout' | 'signature_error' | 'client_error' | 'network_error';

export interface EnsCallEvent {
  action: string;
  kind: 'read' | 'write';
  outcome: EnsCallOutcome;
  durationMs: number;
  requestId?: string | undefined;
  code?: string | undefined;
  httpStatus?: number | undefined;
}

export type EnsCallObserver = (event: EnsCallEvent) => void;

// On globalThis: start-up code installs it once and every bundle's client must see it.
const holder = globalThis as typeof globalThis & { __ensCallObserver?: EnsCallObserver };

export function setEnsCallObserver(observer: EnsCallObserver | undefined): void {
  holder.__ensCallObserver = observer;
}

export function notifyEnsCall(event: EnsCallEvent): void {
  try {
    holder.__ensCallObserver?.(event);
  } catch {
    // Observability must never fail a call.
  }
}

const SIGNATURE =
  /^(SignatureDoesNotMatch|IncompleteSignature|InvalidAccessKeyId|SignatureNonceUsed|InvalidTimeStamp|InvalidCredentials|Forbidden\.AccessKey)/;
const NETWORK = /^(ConnectionRefused|ConnectionReset|NetworkUnreachable|EndpointNotFound)/;

export function classifyEnsError(error: EnsError): EnsCallOutcome {
  if (error.code.startsWith('Throttling') || error.httpStatus === 429) return 'throttled';
  if (error.code === 'Timeout') return 'timeout';
  if (SIGNATURE.test(error.code)) return 'signature_error';
  if (NETWORK.test(error.code)) return 'network_error';
  if (
    error.httpStatus >= 500 ||
    /^(ServiceUnavailable|InternalError|InternalServerError|InvalidResponse)/.test(error.code)
  )
    return 'server_error';
  return 'client_error';
}
