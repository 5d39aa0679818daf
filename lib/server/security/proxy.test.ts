/** proxy.ts, called as Next.js calls it: Host allow-list, cross-site writes, page gating, headers. */
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, test } from 'vitest';

let proxy: typeof import('@/proxy').proxy;

beforeAll(async () => {
  Object.assign(process.env, {
    AUTH_MODE: 'proxy',
    TRUSTED_PROXY_CIDRS: '10.0.0.0/8',
    ALLOWED_HOSTS: '',
    PUBLIC_URL: 'https://ens.example.com',
    ENS_PEER_PROOF: 'test-peer-proof',
  });
  ({ proxy } = await import('@/proxy'));
});

const trusted = { 'x-ens-peer-address': '10.0.0.2', 'x-ens-peer-proof': 'test-peer-proof', 'x-forwarded-user': 'vera' };
function request(url: string, init: { method?: string; headers?: Record<string, string> } = {}) {
  const host = new URL(url).host;
  return new NextRequest(url, { method: init.method ?? 'GET', headers: { host, ...init.headers } });
}
const passes = (response: Response) => response.headers.get('x-middleware-next') === '1';

describe('Host allow-list', () => {
  test.each([
    'http://127.0.0.1:3240/api/apps',
    'http://localhost/api/apps',
    'http://[::1]:80/api/apps',
    'https://ens.example.com/api/apps',
  ])('%s is served', (url) => {
    expect(passes(proxy(request(url)))).toBe(true);
  });

  test('a foreign Host (DNS rebinding) gets 421 and is not routed', async () => {
    const response = proxy(request('http://attacker.example:3240/api/apps'));
    expect(response.status).toBe(421);
    expect(passes(response)).toBe(false);
    expect(await response.text()).not.toContain('attacker');
  });
});

describe('cross-site writes', () => {
  const post = (headers: Record<string, string>) =>
    proxy(request('http://127.0.0.1:3240/api/apps/a/pushes', { method: 'POST', headers }));
  test('a cross-origin POST is refused', () => {
    expect(post({ origin: 'https://evil.example' }).status).toBe(403);
    expect(post({ origin: 'null' }).status).toBe(403);
    expect(post({ 'sec-fetch-site': 'cross-site' }).status).toBe(403);
    expect(post({ 'sec-fetch-site': 'same-site', origin: 'http://127.0.0.1:3240' }).status).toBe(403);
  });
  test('same-origin writes and non-browser clients (no Origin) pass', () => {
    expect(passes(post({ origin: 'http://127.0.0.1:3240', 'sec-fetch-site': 'same-origin' }))).toBe(true);
    expect(passes(post({ origin: 'https://ens.example.com' }))).toBe(true);
    expect(passes(post({}))).toBe(true);
  });
  test('a cross-site GET is a read and passes', () => {
    expect(
      passes(proxy(request('http://127.0.0.1:3240/api/apps', { headers: { 'sec-fetch-site': 'cross-site' } }))),
    ).toBe(true);
  });
});

describe('pages', () => {
  test('an anonymous page view is refused with 401; API routes decide for themselves', () => {
    expect(proxy(request('http://127.0.0.1:3240/apps')).status).toBe(401);
    expect(
      proxy(request('http://127.0.0.1:3240/apps', { headers: { ...trusted, 'x-ens-peer-address': '192.0.2.1' } }))
        .status,
    ).toBe(401);
    expect(passes(proxy(request('http://127.0.0.1:3240/apps', { headers: trusted })))).toBe(true);
    expect(passes(proxy(request('http://127.0.0.1:3240/api/apps')))).toBe(true);
  });
});

describe('security headers', () => {
  test('every answer carries them, with a fresh nonce Next.js can read', () => {
    const a = proxy(request('http://127.0.0.1:3240/apps', { headers: trusted }));
    const b = proxy(request('http://127.0.0.1:3240/apps', { headers: trusted }));
    const csp = a.headers.get('content-security-policy')!;
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toBe(b.headers.get('content-security-policy'));
    const nonce = /'nonce-([^']+)'/.exec(csp)![1];
    expect(a.headers.get('x-middleware-request-x-nonce')).toBe(nonce);
    expect(a.headers.get('x-middleware-request-content-security-policy')).toBe(csp);
    expect(a.headers.get('x-content-type-options')).toBe('nosniff');
    expect(a.headers.get('referrer-policy')).toBe('same-origin');
    // PUBLIC_URL is https here: browsers are told to stay on https.
    expect(a.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(proxy(request('http://evil.example/')).headers.get('x-content-type-options')).toBe('nosniff');
  });
});
