import 'server-only';
import { getConfig, listSetting, type AppConfig } from '@/lib/config';

/**
 * Request checks and response headers that apply to every request, run by proxy.ts
 * before routing: the Host allow-list (DNS rebinding), cross-site writes (CSRF), and
 * the security headers. Pure functions of the request, so they are tested directly.
 */
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '::1'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

let hostCache: { config: AppConfig; hosts: Set<string> } | undefined;

export function allowedHosts(): Set<string> {
  const config = getConfig();
  if (hostCache?.config === config) return hostCache.hosts;
  const configured = listSetting(config.ALLOWED_HOSTS).map((h) => h.toLowerCase());
  const publicHost = config.PUBLIC_URL ? [new URL(config.PUBLIC_URL).hostname.replace(/^\[|\]$/g, '')] : [];
  const hosts = new Set(configured.length > 0 ? configured : [...publicHost, ...LOOPBACK_HOSTS]);
  hostCache = { config, hosts };
  return hosts;
}

/** The host name of a Host header, without the port or IPv6 brackets, lower-cased. */
export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']'));
  return h.replace(/:\d*$/, '');
}

/** Why a request must be refused before routing, or null. */
export function refusal(method: string, headers: Headers): { status: number; message: string } | null {
  const host = headers.get('host') ?? '';
  if (!allowedHosts().has(hostName(host))) {
    return { status: 421, message: 'This server does not answer for that host name (see ALLOWED_HOSTS).' };
  }
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  const site = headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') {
    return { status: 403, message: 'Cross-site requests may not change anything.' };
  }
  const origin = headers.get('origin');
  if (origin !== null && !sameOrigin(origin, host)) {
    return { status: 403, message: 'Cross-origin requests may not change anything.' };
  }
  return null;
}

function sameOrigin(origin: string, host: string): boolean {
  try {
    const url = new URL(origin);
    if (url.host.toLowerCase() === host.trim().toLowerCase()) return true;
    const publicUrl = getConfig().PUBLIC_URL;
    return !!publicUrl && new URL(publicUrl).origin === url.origin;
  } catch {
    // "null" and anything unparsable: an opaque origin is never ours.
    return false;
  }
}

/** A fresh nonce per request: 128 random bits. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The strict policy: scripts only with this request's nonce (and what they load,
 * 'strict-dynamic'); no framing. Styles allow inline attributes, which React's
 * `style` props and the charts render; no script runs through a style.
 */
export function contentSecurityPolicy(
  nonce: string,
  https: boolean,
  dev = process.env.NODE_ENV === 'development',
): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    // Signing out is a form post answered by a redirect to the provider's end-session page.
    `form-action 'self'${formTargets()}`,
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

function formTargets(): string {
  const config = getConfig();
  return config.AUTH_MODE === 'oidc' && config.OIDC_ISSUER ? ` ${new URL(config.OIDC_ISSUER).origin}` : '';
}

export function isHttps(url: URL): boolean {
  const publicUrl = getConfig().PUBLIC_URL;
  return url.protocol === 'https:' || (!!publicUrl && publicUrl.startsWith('https:'));
}

export function securityHeaders(csp: string, https: boolean): Record<string, string> {
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    ...(https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}
