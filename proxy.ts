import { NextResponse, type NextRequest } from 'next/server';
import { authorize } from '@/lib/server/auth/authorize';
import { identifyBrowser } from '@/lib/server/auth/identity';
import { slideSession } from '@/lib/server/auth/session';
import { getConfig } from '@/lib/config';
import { contentSecurityPolicy, isHttps, newNonce, refusal, securityHeaders } from '@/lib/server/security/guard';

/**
 * Runs before every request (Next.js 16's middleware file): refuses foreign Host
 * headers and cross-site writes, keeps pages from anonymous callers (API routes
 * check roles themselves, in defineRoute), and sets the security headers with a
 * fresh CSP nonce, which Next.js reads from the request to mark its own scripts.
 */
export function proxy(request: NextRequest): NextResponse {
  const nonce = newNonce();
  const https = isHttps(request.nextUrl);
  const headers = securityHeaders(contentSecurityPolicy(nonce, https), https);
  const refused = refusal(request.method, request.headers) ?? pageRefusal(request);
  if (refused?.status === 401 && getConfig().AUTH_MODE === 'oidc') {
    const signIn = new URL('/api/auth/sign-in', getConfig().PUBLIC_URL);
    signIn.searchParams.set('returnTo', request.nextUrl.pathname + request.nextUrl.search);
    const redirect = NextResponse.redirect(signIn, 303);
    for (const [name, value] of Object.entries(headers)) redirect.headers.set(name, value);
    return redirect;
  }
  if (refused) {
    return new NextResponse(refused.message, {
      status: refused.status,
      headers: { ...headers, 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    });
  }
  const forwarded = new Headers(request.headers);
  forwarded.set('x-nonce', nonce);
  forwarded.set('content-security-policy', headers['content-security-policy']!);
  const response = NextResponse.next({ request: { headers: forwarded } });
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  // Sliding expiry: an active session is renewed as it is used.
  const renewed = slideSession(request.headers, https);
  if (renewed) response.headers.append('set-cookie', renewed);
  return response;
}

function pageRefusal(request: NextRequest): { status: number; message: string } | null {
  const path = request.nextUrl.pathname;
  if (path.startsWith('/api/') || path.startsWith('/_next/') || path === '/favicon.svg') return null;
  try {
    authorize(identifyBrowser(request.headers), 'viewer');
    return null;
  } catch {
    return {
      status: 401,
      message: 'Sign in to use the dashboard: this request carries no identity the dashboard trusts.',
    };
  }
}
