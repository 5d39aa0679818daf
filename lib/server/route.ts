import 'server-only';
import { z } from 'zod';
import { getActor } from '@/lib/server/auth/actor';
import { toInputIssues, type InputIssue } from '@/lib/ens/issues';
import { badRequest, HttpError, toErrorResponse } from '@/lib/server/http';
import { appIdSchema } from '@/lib/ens/ids';

/** Largest JSON body a route accepts: a push of 50 files fits in a few KiB. */
export const MAX_BODY_BYTES = 256 * 1024;

type RouteParams = Record<string, string | string[] | undefined>;
type RouteContext = { params: Promise<RouteParams> };

interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  params?: P;
  query?: Q;
  body?: B;
}

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  request: Request;
  actor: string;
}

/**
 * Every route handler goes through here: parse params, query and body with zod
 * (all problems reported at once, by field path), identify the caller, run the
 * handler, and map any error to the one error shape. Route files stay a few lines,
 * and access control or auditing can be added in this one place.
 */
export function defineRoute<
  P extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  B extends z.ZodType = z.ZodUndefined,
>(
  spec: RouteSpec<P, Q, B>,
  handler: (input: RouteInput<z.output<P>, z.output<Q>, z.output<B>>) => Promise<Response | object>,
): (request: Request, context: RouteContext) => Promise<Response> {
  return async (request, context) => {
    try {
      const issues: InputIssue[] = [];
      const params = parsePart(spec.params, await context.params, [], issues);
      const query = parsePart(spec.query, Object.fromEntries(new URL(request.url).searchParams), [], issues);
      const body = spec.body ? parsePart(spec.body, await readJsonBody(request), [], issues) : undefined;
      if (issues.length > 0) throw badRequest(issues);
      const result = await handler({
        params: params as z.output<P>,
        query: query as z.output<Q>,
        body: body as z.output<B>,
        request,
        actor: getActor(request),
      });
      return result instanceof Response ? result : Response.json(result, { headers: { 'cache-control': 'no-store' } });
    } catch (err) {
      return toErrorResponse(err);
    }
  };
}

function parsePart(schema: z.ZodType | undefined, value: unknown, prefix: (string | number)[], issues: InputIssue[]): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  issues.push(...toInputIssues(result.error, prefix));
  return undefined;
}

/** Reads a JSON body, refusing other content types and bodies over MAX_BODY_BYTES. */
export async function readJsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new HttpError(415, 'UnsupportedMediaType', 'content-type must be application/json', [
      { path: ['content-type'], message: 'content-type must be application/json' },
    ]);
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const text = await readLimited(request, MAX_BODY_BYTES);
  try {
    return JSON.parse(text);
  } catch (err) {
    const detail = err instanceof SyntaxError ? err.message : 'unreadable';
    throw badRequest([{ path: [], message: `the body is not valid JSON (${detail})` }]);
  }
}

function tooLarge(): HttpError {
  return new HttpError(413, 'PayloadTooLarge', `the body must be at most ${MAX_BODY_BYTES / 1024} KiB`);
}

async function readLimited(request: Request, limit: number): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** Path parameter of an ENS application id, as ListApplications reports them. */

export const appParams = z.object({ appId: appIdSchema });
