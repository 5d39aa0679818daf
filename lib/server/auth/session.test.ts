import { beforeAll, describe, expect, test } from 'vitest';

let s: typeof import('./session');

beforeAll(async () => {
  Object.assign(process.env, {
    AUTH_MODE: 'oidc',
    SESSION_SECRET: 'session-test-secret-0123456789abcdef',
    SESSION_IDLE_MINUTES: '10',
    SESSION_MAX_HOURS: '1',
  });
  s = await import('./session');
});

const T0 = 1_800_000_000_000;
const withCookie = (setCookie: string) => new Headers({ cookie: setCookie.split(';')[0]! });
const session = (over: Partial<import('./session').Session> = {}) => ({
  name: 'ada@example.com',
  roles: ['viewer' as const],
  iat: T0,
  seen: T0,
  ...over,
});

describe('sealed session cookie', () => {
  test('round-trips, and is HttpOnly, SameSite=Lax, opaque', () => {
    const cookie = s.sessionCookie(session(), true);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).not.toContain('ada');
    expect(s.readSession(withCookie(cookie), T0 + 1000)).toMatchObject({ name: 'ada@example.com' });
  });

  test('a tampered cookie is no session', () => {
    const value = s.sessionCookie(session(), false).split(';')[0]!.split('=')[1]!;
    const flipped = value.slice(0, 20) + (value[20] === 'A' ? 'B' : 'A') + value.slice(21);
    expect(s.readSession(new Headers({ cookie: `ens_session=${flipped}` }), T0)).toBeUndefined();
  });

  test('idle for longer than SESSION_IDLE_MINUTES, or older than SESSION_MAX_HOURS, it ends', () => {
    const headers = withCookie(s.sessionCookie(session(), false));
    expect(s.readSession(headers, T0 + 9 * 60_000)).toBeDefined();
    expect(s.readSession(headers, T0 + 11 * 60_000)).toBeUndefined();
    const active = withCookie(s.sessionCookie(session({ seen: T0 + 61 * 60_000 }), false));
    expect(s.readSession(active, T0 + 61 * 60_000 + 1000)).toBeUndefined();
  });

  test('sliding expiry: a used session is renewed, so activity keeps it alive', () => {
    const headers = withCookie(s.sessionCookie(session(), false));
    expect(s.slideSession(headers, false, T0 + 10_000)).toBeNull();
    const renewed = s.slideSession(headers, false, T0 + 8 * 60_000)!;
    expect(renewed).toBeTruthy();
    // Past the first cookie's idle limit, the renewed one still works.
    expect(s.readSession(withCookie(renewed), T0 + 15 * 60_000)).toMatchObject({ seen: T0 + 8 * 60_000 });
    expect(s.readSession(headers, T0 + 15 * 60_000)).toBeUndefined();
  });
});
