import 'server-only';
import { z } from 'zod';
import { EnsError } from '@/lib/ens/errors';
import { toInputIssues, type InputIssue } from '@/lib/ens/issues';

/**
 * The one error shape every route answers with:
 * `{ error: { code, message, issues?, requestId? } }`. Callers' mistakes are 4xx with
 * every problem listed by field path; ENS failures are 429/502/503/504; nothing
 * ever carries a stack trace or a credential.
 */
export interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; message: string }[]; requestId?: string };
}

export class HttpError extends Error {
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
]);

/** The HTTP status the dashboard answers with when ENS refused or failed a call. */
export function statusForEnsError(err: EnsError): number {
  if (err.code.startsWith('Throttling')) return 429;
  if (err.code === 'InvalidParameter.AppId') return 404;
  if (err.code === 'Timeout') return 504;
  if (UNAVAILABLE_CODES.has(err.code)) return 503;
  if (err.code === 'InvalidInput' || err.code === 'MissingParameter' || err.code.startsWith('InvalidParameter')) return 400;
  // ENS failed (5xx), answered nonsense, or refused the dashboard's own credentials.
  return 502;
}

export function errorJson(status: number, body: ErrorBody['error'], headers?: HeadersInit): Response {
  return Response.json({ error: body } satisfies ErrorBody, { status, headers: { 'cache-control': 'no-store', ...headers } });
}

export function toErrorResponse(err: unknown): Response {
  if (err instanceof HttpError) {
    return errorJson(
      err.status,
      {
        code: err.code,
        message: err.message,
        ...(err.issues ? { issues: err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) } : {}),
      },
      err.headers,
    );
  }
  if (err instanceof z.ZodError) {
    return toErrorResponse(badRequest(toInputIssues(err)));
  }
  if (err instanceof EnsError) {
    const status = statusForEnsError(err);
    return errorJson(
      status,
      { code: err.code, message: err.message, ...(err.requestId ? { requestId: err.requestId } : {}) },
      status === 429 ? { 'retry-after': '2' } : undefined,
    );
  }
  // Only the error's class reaches the log: messages of unknown errors may quote inputs.
  console.error(`Unexpected error in a route handler: ${err instanceof Error ? err.name : typeof err}`);
  return errorJson(500, { code: 'InternalError', message: 'Something went wrong in the dashboard. The error was logged.' });
}

/** `{ code, message }` of an error that made an answer stale, safe to show to a user. */
export function describeUpstreamError(err: unknown): { code: string; message: string } {
  if (err instanceof EnsError) return { code: err.code, message: err.message };
  return { code: 'UpstreamError', message: 'ENS could not be reached.' };
}
