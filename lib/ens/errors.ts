/*
 * Every failure of an ENS call becomes an EnsError: a code, a short human message, the
 * HTTP status ENS answered with (0 when there was no answer), ENS's RequestId, and
 * whether sending the same request again is safe and may succeed. No node imports, no
 * secrets: messages are written here, never copied from the transport (whose errors
 * carry the signed request and URL).
 */

export interface EnsErrorInit {
  code: string;
  message: string;
  /** HTTP status ENS (or a gateway) answered with; 0 when no HTTP answer arrived. */
  httpStatus: number;
  retryable: boolean;
  requestId?: string;
  action?: string;
  cause?: unknown;
}

// A brand rather than instanceof: Next.js loads this module more than once (the
// instrumentation hook that owns the shared client, and each route bundle), and an
// error made by one copy is not an instance of another copy's class.
const ENS_ERROR = Symbol.for('ens-dashboard.EnsError');

export class EnsError extends Error {
  readonly [ENS_ERROR] = true;
  readonly code: string;
  readonly httpStatus: number;
  /** Sending the same request again is safe and may succeed (throttling, 5xx, network). */
  readonly retryable: boolean;
  readonly requestId?: string;
  /** The ENS action, e.g. DescribeDataDistResult. */
  readonly action?: string;

  constructor(init: EnsErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'EnsError';
    this.code = init.code;
    this.httpStatus = init.httpStatus;
    this.retryable = init.retryable;
    this.requestId = init.requestId;
    this.action = init.action;
  }

  /** What a log line or an API error body may carry. */
  toJSON() {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      httpStatus: this.httpStatus,
      retryable: this.retryable,
      requestId: this.requestId,
      action: this.action,
    };
  }
}

export function isEnsError(err: unknown): err is EnsError {
  return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[ENS_ERROR] === true;
}

export interface ToEnsErrorOptions {
  action?: string;
  /**
   * The call changes state (PushApplicationData, DistApplicationData). Then only errors
   * where ENS certainly did not act (refused connection, throttling, authentication) are
   * marked retryable: after a timeout or a 5xx the push may have happened.
   */
  write?: boolean;
  /** Strings that must never appear in a message (the AccessKey secret). */
  secrets?: readonly string[];
}

const NETWORK_CODES: Record<string, { code: string; message: string; retryable: boolean }> = {
  ECONNREFUSED: {
    code: 'ConnectionRefused',
    message: 'ENS could not be reached: the connection was refused',
    retryable: true,
  },
  ECONNRESET: { code: 'ConnectionReset', message: 'The connection to ENS was dropped', retryable: true },
  EPIPE: { code: 'ConnectionReset', message: 'The connection to ENS was dropped', retryable: true },
  ECONNABORTED: { code: 'ConnectionReset', message: 'The connection to ENS was dropped', retryable: true },
  ETIMEDOUT: { code: 'Timeout', message: 'ENS did not answer in time', retryable: true },
  ESOCKETTIMEDOUT: { code: 'Timeout', message: 'ENS did not answer in time', retryable: true },
  EHOSTUNREACH: {
    code: 'NetworkUnreachable',
    message: 'ENS could not be reached: the host is unreachable',
    retryable: true,
  },
  ENETUNREACH: {
    code: 'NetworkUnreachable',
    message: 'ENS could not be reached: the network is unreachable',
    retryable: true,
  },
  EAI_AGAIN: {
    code: 'EndpointNotFound',
    message: 'The ENS endpoint name could not be resolved right now',
    retryable: true,
  },
  ENOTFOUND: {
    code: 'EndpointNotFound',
    message: 'The ENS endpoint name does not resolve; check ENS_ENDPOINT',
    retryable: false,
  },
};

/** Codes ENS answers before doing anything, so a resend cannot duplicate an action. */
const REJECTED_BEFORE_ACTING = /^(Throttling|SignatureNonceUsed|ConnectionRefused|EndpointNotFound)/;

export function isRetryableCode(code: string, httpStatus: number): boolean {
  return (
    /^Throttling/.test(code) ||
    /^(ServiceUnavailable|InternalError|InternalServerError|Timeout|ConnectionReset|ConnectionRefused|NetworkUnreachable|SignatureNonceUsed)/.test(
      code,
    ) ||
    httpStatus >= 500
  );
}

/** Maps whatever `@alicloud/openapi-client` (tea, httpx, node:http) threw into an EnsError. */
export function toEnsError(err: unknown, options: ToEnsErrorOptions = {}): EnsError {
  if (isEnsError(err)) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as Record<string, unknown>;
  const data = isRecord(e.data) ? e.data : {};
  const scrub = (s: string) => redact(s, options.secrets ?? []);
  const name = typeof e.name === 'string' ? e.name : '';
  const rawMessage = typeof e.message === 'string' ? e.message : String(err);
  const sysCode = typeof e.code === 'string' ? e.code : '';
  const cause = sanitizedCause(name, sysCode, scrub(rawMessage));
  let init: Omit<EnsErrorInit, 'action' | 'cause'>;

  const httpStatus = toStatus(e.statusCode) ?? toStatus(data.statusCode);
  if (httpStatus !== undefined) {
    // The SDK's ResponseError: ENS answered 4xx/5xx with its JSON error body.
    const code = str(data.Code) ?? (sysCode && sysCode !== 'undefined' ? sysCode : `Http${httpStatus}`);
    const ensMessage = str(data.Message) ?? str(data.message);
    init = {
      code,
      httpStatus,
      requestId: str(data.RequestId) ?? str(data.requestId),
      retryable: isRetryableCode(code, httpStatus),
      message: clip(
        scrub(
          ensMessage
            ? `ENS rejected the request (${code}): ${ensMessage}`
            : `ENS answered HTTP ${httpStatus} (${code})`,
        ),
      ),
    };
  } else if (NETWORK_CODES[sysCode]) {
    const n = NETWORK_CODES[sysCode];
    init = { code: n.code, message: n.message, httpStatus: 0, retryable: n.retryable };
  } else if (name === 'RequestTimeoutError' || /ReadTimeout|ConnectTimeout|timed? ?out/i.test(rawMessage)) {
    init = { code: 'Timeout', message: 'ENS did not answer in time', httpStatus: 0, retryable: true };
  } else if (/socket hang up/i.test(rawMessage)) {
    init = { code: 'ConnectionReset', message: 'The connection to ENS was dropped', httpStatus: 0, retryable: true };
  } else if (err instanceof SyntaxError || name === 'SyntaxError') {
    // A body that is not JSON: usually a proxy's HTML error page in front of ENS.
    init = {
      code: 'InvalidResponse',
      message: 'ENS answered with something that is not JSON',
      httpStatus: 0,
      retryable: true,
    };
  } else if (
    sysCode === 'InvalidCredentials' ||
    /credential/i.test(name) ||
    /credentials? (from|provider|chain)|load credentials/i.test(rawMessage)
  ) {
    // Missing static keys, or @alicloud/credentials' default chain finding nothing usable.
    init = {
      code: 'InvalidCredentials',
      message:
        'No usable ENS credentials: set ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET or configure the default credential chain',
      httpStatus: 0,
      retryable: false,
    };
  } else {
    init = { code: 'Unknown', message: 'Unexpected error while calling ENS', httpStatus: 0, retryable: false };
  }

  const retryable = options.write ? init.retryable && REJECTED_BEFORE_ACTING.test(init.code) : init.retryable;
  return new EnsError({ ...init, retryable, action: options.action, cause });
}

/** An error for an answer that does not have the documented shape. */
export function invalidResponse(action: string, detail: string, requestId?: string): EnsError {
  return new EnsError({
    code: 'InvalidResponse',
    message: clip(`ENS answered ${action} in an unexpected shape: ${detail}`),
    httpStatus: 200,
    retryable: false,
    requestId: requestId || undefined,
    action,
  });
}

/**
 * Keeps the transport's error for debugging without its payload: tea's errors hold the
 * signed request (`data.lastRequest.headers.Authorization`) and httpx's the full URL.
 */
function sanitizedCause(name: string, code: string, message: string): Error {
  const cause = new Error(clip(message.replace(/\s*(POST|GET) \S+ failed\.?/g, ' ').trim()));
  cause.name = name || 'Error';
  if (code) Object.assign(cause, { code });
  return cause;
}

/** Removes secrets and anything that looks like a signature or Authorization header. */
export function redact(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const s of secrets) if (s) out = out.split(s).join('[redacted]');
  return out
    .replace(/(Authorization["':=\s]+)[^,"'}\n]+/gi, '$1[redacted]')
    .replace(/Signature=[0-9a-fA-F]{16,}/g, 'Signature=[redacted]');
}

function clip(s: string, max = 300): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' && v !== 'undefined' ? v : undefined;
}

function toStatus(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isInteger(n) && n >= 400 && n <= 599 ? n : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
