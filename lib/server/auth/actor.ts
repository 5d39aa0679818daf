import 'server-only';

/**
 * Who is making a request, for the audit log. Inside a company the dashboard sits
 * behind an authenticating proxy (oauth2-proxy, an SSO gateway) that sets one of
 * these headers; without one the actor is recorded as "anonymous".
 */
const IDENTITY_HEADERS = ['x-forwarded-user', 'x-auth-request-user', 'x-auth-request-email', 'x-forwarded-email'];

export function getActor(request: Request): string {
  for (const header of IDENTITY_HEADERS) {
    const value = request.headers.get(header)?.trim();
    if (value && value.length <= 200 && !/[\u0000-\u001f]/.test(value)) return value;
  }
  return 'anonymous';
}
