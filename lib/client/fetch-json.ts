import type { ErrorBodyShape } from './api-error';
import { ApiError } from './api-error';

/** GET/POST to the dashboard's own API from the browser, turning error bodies into ApiError. */
export async function fetchJson<T>(input: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(input, { ...init, headers: { accept: 'application/json', ...init?.headers } });
  } catch {
    throw new ApiError(0, { code: 'NetworkError', message: 'The dashboard server could not be reached.' });
  }
  const text = await response.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error = (body as ErrorBodyShape | undefined)?.error;
    throw new ApiError(
      response.status,
      {
        code: error?.code ?? `HTTP${response.status}`,
        message: error?.message ?? `The server answered ${response.status}.`,
        issues: error?.issues,
        requestId: error?.requestId,
      },
      response.headers.get('x-request-id') ?? undefined,
    );
  }
  return body as T;
}
