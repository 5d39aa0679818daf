import 'server-only';
import * as client from 'openid-client';
import { z } from 'zod';
import { getConfig, listSetting } from '@/lib/config';
import { HttpError } from '@/lib/server/http';
import { actorProblem, rolesForGroups } from './identity';
import {
  cookie,
  readCookie,
  readSession,
  seal,
  sessionCookie,
  SESSION_COOKIE,
  SIGN_IN_COOKIE,
  unseal,
} from './session';

/**
 * Sign-in with an OpenID Connect provider: authorization code with PKCE, state and
 * nonce kept in a sealed, short-lived cookie; the session is a sealed cookie (session.ts).
 */
const holder = globalThis as typeof globalThis & { __ensOidc?: Promise<client.Configuration> };
const SIGN_IN_TTL_S = 600;

function oidcConfig(): Promise<client.Configuration> {
  holder.__ensOidc ??= (async () => {
    const config = getConfig();
    if (config.AUTH_MODE !== 'oidc' || !config.OIDC_ISSUER || !config.OIDC_CLIENT_ID || !config.OIDC_CLIENT_SECRET) {
      throw new HttpError(404, 'NotFound', 'OIDC sign-in is not configured (AUTH_MODE=oidc).');
    }
    const issuer = new URL(config.OIDC_ISSUER);
    // Plain http only for a provider on loopback (development and tests).
    const loopback = issuer.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
    return client.discovery(
      issuer,
      config.OIDC_CLIENT_ID,
      undefined,
      client.ClientSecretPost(config.OIDC_CLIENT_SECRET),
      loopback ? { execute: [client.allowInsecureRequests] } : undefined,
    );
  })().catch((err: unknown) => {
    holder.__ensOidc = undefined;
    throw err;
  });
  return holder.__ensOidc;
}

const redirectUri = () => new URL('/api/auth/callback', getConfig().PUBLIC_URL).href;
const secure = () => (getConfig().PUBLIC_URL ?? '').startsWith('https:');

/** Only a path of this dashboard: never an absolute or protocol-relative URL (open redirect). */
export function safeReturnTo(value: string | null | undefined): string {
  return value && /^\/(?!\/)[^\\\s]*$/.test(value) && !value.startsWith('/api/auth/') ? value : '/';
}

const signInSchema = z.object({
  verifier: z.string(),
  state: z.string(),
  nonce: z.string(),
  returnTo: z.string(),
  exp: z.number(),
});

export async function startSignIn(returnTo: string | null): Promise<Response> {
  const configuration = await oidcConfig();
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: redirectUri(),
    scope: getConfig().OIDC_SCOPES,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const pending = seal('sign-in', {
    verifier,
    state,
    nonce,
    returnTo: safeReturnTo(returnTo),
    exp: Date.now() + SIGN_IN_TTL_S * 1000,
  });
  return new Response(null, {
    status: 302,
    headers: {
      location: url.href,
      'cache-control': 'no-store',
      'set-cookie': cookie(SIGN_IN_COOKIE, pending, {
        maxAgeSeconds: SIGN_IN_TTL_S,
        path: '/api/auth',
        secure: secure(),
      }),
    },
  });
}

export async function finishSignIn(request: Request): Promise<Response> {
  const configuration = await oidcConfig();
  const pending = signInSchema.safeParse(unseal('sign-in', readCookie(request.headers, SIGN_IN_COOKIE) ?? ''));
  if (!pending.success || pending.data.exp < Date.now()) {
    throw new HttpError(400, 'SignInExpired', 'The sign-in took too long or was started elsewhere; sign in again.');
  }
  // The URL the provider redirected to, on the public origin the provider knows.
  const current = new URL(redirectUri());
  current.search = new URL(request.url).search;
  let claims: Record<string, unknown>;
  let idToken: string | undefined;
  try {
    const tokens = await client.authorizationCodeGrant(configuration, current, {
      pkceCodeVerifier: pending.data.verifier,
      expectedState: pending.data.state,
      expectedNonce: pending.data.nonce,
    });
    const idClaims = tokens.claims();
    if (!idClaims) throw new Error('no ID token');
    const info = await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
    claims = { ...idClaims, ...info };
    idToken = tokens.id_token;
  } catch (err) {
    // Only the class: messages may quote what the provider sent.
    console.warn(`OIDC sign-in failed: ${err instanceof Error ? err.name : typeof err}`);
    throw new HttpError(401, 'SignInFailed', 'The identity provider did not confirm the sign-in; sign in again.');
  }
  const name =
    [claims.email, claims.preferred_username, claims.sub].find((v): v is string => typeof v === 'string' && v !== '') ??
    '';
  const problem = actorProblem(name);
  if (problem)
    throw new HttpError(401, 'SignInFailed', `The provider's user name ${problem}; it cannot be recorded as an actor.`);
  const raw = claims[getConfig().OIDC_ROLES_CLAIM];
  const groups = Array.isArray(raw)
    ? raw.filter((g): g is string => typeof g === 'string')
    : typeof raw === 'string'
      ? listSetting(raw.replace(/\s+/g, ','))
      : [];
  const now = Date.now();
  const session = {
    name,
    roles: rolesForGroups(new Set(groups)),
    iat: now,
    seen: now,
    ...(idToken ? { idToken } : {}),
  };
  const headers = new Headers({
    location: new URL(pending.data.returnTo, getConfig().PUBLIC_URL).href,
    'cache-control': 'no-store',
  });
  headers.append('set-cookie', sessionCookie(session, secure()));
  headers.append('set-cookie', cookie(SIGN_IN_COOKIE, '', { maxAgeSeconds: 0, path: '/api/auth', secure: secure() }));
  return new Response(null, { status: 303, headers });
}

/** Clears the session, then ends the provider's session too when it supports that. */
export async function signOut(request: Request): Promise<Response> {
  if (getConfig().AUTH_MODE !== 'oidc')
    throw new HttpError(404, 'NotFound', 'There is no session to end (AUTH_MODE is not oidc).');
  const session = readSession(request.headers);
  const home = new URL('/', getConfig().PUBLIC_URL).href;
  let location = home;
  try {
    const configuration = await oidcConfig();
    if (configuration.serverMetadata().end_session_endpoint) {
      location = client.buildEndSessionUrl(configuration, {
        post_logout_redirect_uri: home,
        ...(session?.idToken ? { id_token_hint: session.idToken } : {}),
      }).href;
    }
  } catch {
    // Without the provider the local session still ends.
  }
  return new Response(null, {
    status: 303,
    headers: {
      location,
      'cache-control': 'no-store',
      'set-cookie': cookie(SESSION_COOKIE, '', { maxAgeSeconds: 0, secure: secure() }),
    },
  });
}
