import 'server-only';
import { z } from 'zod';
import type { Requirement } from '@/lib/domain/roles';
import { appIdSchema } from '@/lib/ens/ids';
import { toInputIssues, type InputIssue } from '@/lib/ens/issues';
import { authorize } from '@/lib/server/auth/authorize';
import { identify } from '@/lib/server/auth/identify';
import type { Identity } from '@/lib/server/auth/identity';
import { consumeWriteQuota } from '@/lib/server/auth/rate-limit';
import { checkImageSignature, signedLinkIdentity, type SignedImage } from '@/lib/server/auth/signed-url';
import { badRequest, HttpError, toErrorResponse } from '@/lib/server/http';
import { jsonResponse } from '@/lib/server/json-response';

/** Largest JSON body a route accepts: a push of 50 files fits in a few KiB. */
export const MAX_BODY_BYTES = 256 * 1024;

type RouteParams = Record<string, string | string[] | undefined>;
// Next.js passes no params to a route without dynamic segments.
type RouteContext = { params: Promise<RouteParams> | undefined };

interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  /** Who may call it; required, so a route cannot be added without a rule. */
  role: Requirement;
  /**
   * A status image that a signed link (`exp` and `sig`, lib/server/auth/signed-url.ts)
   * also opens, without a session: chat unfurls and badges in wikis.
   */
  signedImage?: SignedImage;
  /** Counts against the caller's per-minute write quota (pushes, distributions, rollout actions). */
  rateLimited?: boolean;
  /** Top-level answer fields left out of the GET answer's ETag (lib/server/json-response.ts). */
  volatile?: readonly string[];
  params?: P;
  query?: Q;
  body?: B;
}

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  request: Request;
  /** The authenticated caller; `actor` is its name, as the audit log records it. */
  identity: Identity;
  actor: string;
}

/** A route handler made by defineRoute, carrying its rule so tests can enumerate them. */
export type RouteHandler = ((request: Request, context: RouteContext) => Promise<Response>) & {
  requirement: Requirement;
  signedImage: SignedImage | undefined;
};

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
): RouteHandler {
  const route = async (request: Request, context: RouteContext) => {
    try {
      const rawParams: RouteParams = (await context.params) ?? {};
      // Who, then whether they may, before anything of the request is read: an
      // anonymous caller learns nothing from validation messages.
      const appId = typeof rawParams.appId === 'string' ? rawParams.appId : undefined;
      const identity =
        spec.role === 'public'
          ? await identifyOptional(request)
          : spec.signedImage
            ? await identifySigned(request, spec.signedImage, appId)
            : await identify(request.headers);
      authorize(identity, spec.role, appId);
      const issues: InputIssue[] = [];
      const params = parsePart(spec.params, rawParams, [], issues);
      const query = parsePart(spec.query, Object.fromEntries(new URL(request.url).searchParams), [], issues);
      const body = spec.body ? parsePart(spec.body, await readJsonBody(request), [], issues) : undefined;
      if (issues.length > 0) throw badRequest(issues);
      if (spec.rateLimited) consumeWriteQuota(identity.name);
      const result = await handler({
        params: params as z.output<P>,
        query: query as z.output<Q>,
        body: body as z.output<B>,
        request,
        identity,
        actor: identity.name,
      });
      return result instanceof Response ? result : jsonResponse(request, result, spec.volatile);
    } catch (err) {
      return toErrorResponse(err);
    }
  };
  return Object.assign(route, { requirement: spec.role, signedImage: spec.signedImage });
}

/**
 * A status image's caller: a valid signature for exactly this image, application, name
 * and version stands in for an identity; without one the caller identifies as anywhere.
 * An anonymous caller whose signature fails is told why (403), not asked to sign in.
 */
async function identifySigned(request: Request, image: SignedImage, appId: string | undefined): Promise<Identity> {
  const query = new URL(request.url).searchParams;
  const check = checkImageSignature(
    { image, appId: appId ?? '', name: query.get('name') ?? '', version: query.get('version') ?? '' },
    query,
  );
  if (check === 'valid' && appId) return signedLinkIdentity(appId);
  const identity = await identify(request.headers);
  if (identity.via === 'anonymous' && check !== 'absent') {
    throw new HttpError(
      403,
      'Forbidden',
      check === 'expired'
        ? 'This image link has expired: copy a fresh one from the status page.'
        : 'This image link is not validly signed (exp, sig).',
    );
  }
  return identity;
}

/** Public routes still know a caller who identified, but never refuse one who did not. */
async function identifyOptional(request: Request): Promise<Identity> {
  try {
    return await identify(request.headers);
  } catch {
    return { name: 'anonymous', roles: [], via: 'anonymous' };
  }
}

function parsePart(
  schema: z.ZodType | undefined,
  value: unknown,
  prefix: (string | number)[],
  issues: InputIssue[],
): unknown {
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

/** A rollout's id as the database mints it (lib/db/ids.ts): anything else is not one. */
export const rolloutParams = appParams.extend({
  rolloutId: z.string().regex(/^ro_[A-Za-z0-9_-]{16}$/, 'rolloutId is not a rollout id'),
});

/** A notification channel's id as the database mints it. */
export const channelParams = appParams.extend({
  channelId: z.string().regex(/^ch_[A-Za-z0-9_-]{16}$/, 'channelId is not a channel id'),
});
