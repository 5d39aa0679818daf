import 'server-only';
import { z } from 'zod';
import { isEnsError, type EnsError } from '@/lib/ens/errors';
import { MAX_REPORTED_ISSUES } from '@/lib/ens/field-rules';
import { toInputIssues, type InputIssue } from '@/lib/ens/issues';

/**
 * The one error shape every route answers with:
 * `{ error: { code, message, issues?, requestId? } }`. Callers' mistakes are 4xx with
 * every problem listed by field path; ENS failures are 429/502/503/504; nothing
 * ever carries a stack trace or a credential.
 */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    issues?: { path: string; message: string }[];
    issueCount?: number;
    requestId?: string;
  };
}

const HTTP_ERROR = Symbol.for('ens-dashboard.HttpError');

export class HttpError extends Error {
  readonly [HTTP_ERROR] = true;
  readonly status: number;
  readonly code: string;
  readonly issues: InputIssue[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(status: number, code: string, message: string, issues?: InputIssue[], headers?: Record<string, string>) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.issues = issues;
    this.headers = headers;
  }
}

/** Not instanceof: errors cross copies of this module (see lib/ens/errors). */
export function isHttpError(err: unknown): err is HttpError {
  return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[HTTP_ERROR] === true;
}

function isZodError(err: unknown): err is z.ZodError {
  return (
    err instanceof z.ZodError ||
    (err instanceof Error && err.name === 'ZodError' && Array.isArray((err as { issues?: unknown }).issues))
  );
}

export function badRequest(issues: InputIssue[], message = describeIssues(issues)): HttpError {
  return new HttpError(400, 'InvalidInput', message, issues);
}

export function notFound(message: string): HttpError {
  return new HttpError(404, 'NotFound', message);
}

function describeIssues(issues: InputIssue[]): string {
  const first = issues[0];
  if (!first) return 'The request is not valid.';
  const where = first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return `${where}${first.message}${more}`;
}

const UNAVAILABLE_CODES = new Set([
  'ConnectionRefused',
  'ConnectionReset',
  'NetworkUnreachable',
  'EndpointNotFound',
  'ServiceUnavailable',
  'NotReady',
  'CircuitOpen',
  'EnsUnavailable',
]);

/** The HTTP status the dashboard answers with when ENS refused or failed a call. */
export function statusForEnsError(err: EnsError): number {
  if (err.code.startsWith('Throttling')) return 429;
  if (err.code === 'InvalidParameter.AppId') return 404;
  if (err.code === 'Timeout') return 504;
  if (UNAVAILABLE_CODES.has(err.code)) return 503;
  if (err.code === 'InvalidInput' || err.code === 'MissingParameter' || err.code.startsWith('InvalidParameter'))
    return 400;
  // ENS failed (5xx), answered nonsense, or refused the dashboard's own credentials.
  return 502;
}

/** Messages may quote an input (a region id); 300 characters is plenty to recognise it. */
function clipText(text: string, max = 300): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function errorJson(status: number, body: ErrorBody['error'], headers?: HeadersInit): Response {
  return Response.json({ error: body } satisfies ErrorBody, {
    status,
    headers: { 'cache-control': 'no-store', ...headers },
  });
}

export function toErrorResponse(err: unknown): Response {
  if (isHttpError(err)) {
    return errorJson(
      err.status,
      {
        code: err.code,
        message: clipText(err.message),
        // The first problems and how many there are: an answer never grows with the input.
        ...(err.issues
          ? {
              issues: err.issues
                .slice(0, MAX_REPORTED_ISSUES)
                .map((i) => ({ path: i.path.join('.'), message: clipText(i.message) })),
              ...(err.issues.length > MAX_REPORTED_ISSUES ? { issueCount: err.issues.length } : {}),
            }
          : {}),
      },
      err.headers,
    );
  }
  if (isZodError(err)) {
    return toErrorResponse(badRequest(toInputIssues(err)));
  }
  if (isEnsError(err)) {
    const status = statusForEnsError(err);
    return errorJson(
      status,
      { code: err.code, message: err.message, ...(err.requestId ? { requestId: err.requestId } : {}) },
      status === 429 ? { 'retry-after': '2' } : undefined,
    );
  }
  // Only the error's class reaches the log: messages of unknown errors may quote inputs.
  console.error(`Unexpected error in a route handler: ${err instanceof Error ? err.name : typeof err}`);
  return errorJson(500, {
    code: 'InternalError',
    message: 'Something went wrong in the dashboard. The error was logged.',
  });
}

/** `{ code, message }` of an error that made an answer stale, safe to show to a user. */
export function describeUpstreamError(err: unknown): { code: string; message: string } {
  if (isEnsError(err)) return { code: err.code, message: err.message };
  return { code: 'UpstreamError', message: 'ENS could not be reached.' };
}
