import 'server-only';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { getConfig } from '@/lib/config';
import { ROLES } from '@/lib/domain/roles';

/**
 * The OIDC session and the sign-in state live in cookies sealed with AES-256-GCM
 * under a key derived from SESSION_SECRET: the browser holds them but can neither
 * read nor alter them, and the server keeps no session table.
 */
export const SESSION_COOKIE = 'ens_session';
export const SIGN_IN_COOKIE = 'ens_sign_in';

function key(purpose: string): Buffer {
  const secret = getConfig().SESSION_SECRET;
  if (!secret) throw new Error('SESSION_SECRET is not set');
  return Buffer.from(hkdfSync('sha256', secret, 'ens-rollout-dashboard', purpose, 32));
}

export function seal(purpose: string, value: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(purpose), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

export function unseal(purpose: string, sealed: string): unknown {
  try {
    const raw = Buffer.from(sealed, 'base64url');
    if (raw.length < 29) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', key(purpose), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'));
  } catch {
    return undefined;
  }
}

export const sessionSchema = z.object({
  name: z.string(),
  roles: z.array(z.enum(ROLES)),
  /** Sign-in time and last refresh, epoch ms. */
  iat: z.number(),
  seen: z.number(),
  /** For the provider's sign-out. */
  idToken: z.string().optional(),
});
export type Session = z.output<typeof sessionSchema>;

export function readCookie(headers: Headers, name: string): string | undefined {
  for (const part of (headers.get('cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** The live session in these headers, or undefined when absent, tampered with, idle too long or too old. */
export function readSession(headers: Headers, now = Date.now()): Session | undefined {
  const sealed = readCookie(headers, SESSION_COOKIE);
  if (!sealed) return undefined;
  const parsed = sessionSchema.safeParse(unseal('session', sealed));
  if (!parsed.success) return undefined;
  const config = getConfig();
  if (now - parsed.data.seen > config.SESSION_IDLE_MINUTES * 60_000) return undefined;
  if (now - parsed.data.iat > config.SESSION_MAX_HOURS * 3_600_000) return undefined;
  return parsed.data;
}

export function cookie(
  name: string,
  value: string,
  options: { maxAgeSeconds: number; path?: string; secure: boolean },
): string {
  return [
    `${name}=${value}`,
    `Path=${options.path ?? '/'}`,
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

export function sessionCookie(session: Session, secure: boolean): string {
  const config = getConfig();
  const maxAge = Math.min(
    config.SESSION_IDLE_MINUTES * 60,
    config.SESSION_MAX_HOURS * 3600 - (session.seen - session.iat) / 1000,
  );
  return cookie(SESSION_COOKIE, seal('session', session), { maxAgeSeconds: maxAge, secure });
}

/** Refreshed at most this often, so the cookie is not rewritten on every request. */
const REFRESH_AFTER_MS = 30_000;

/** A renewed session cookie when the session is live and due a refresh (sliding expiry), else null. */
export function slideSession(headers: Headers, secure: boolean, now = Date.now()): string | null {
  if (getConfig().AUTH_MODE !== 'oidc') return null;
  const session = readSession(headers, now);
  if (!session || now - session.seen < REFRESH_AFTER_MS) return null;
  return sessionCookie({ ...session, seen: now }, secure);
}
