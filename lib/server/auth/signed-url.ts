import 'server-only';
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { getConfig, type AppConfig } from '@/lib/config';
import { normalizeRoles } from '@/lib/domain/roles';
import { paths } from '@/lib/paths';
import { getLogger } from '@/lib/server/observability/logger';
import type { Identity } from './identity';

/**
 * Signed status-image links. A chat app unfurling a pasted status link, or a wiki
 * showing a badge, fetches the image without anyone's session: the page's og:image
 * and the copied badge carry `exp` (epoch seconds) and `sig`, an HMAC-SHA256 over the
 * image, the application, the file name, the version and `exp`. A valid signature
 * opens that one image of that one version until `exp`, nothing else; the key never
 * leaves the server.
 *
 * The key: derived from SIGNED_URL_SECRET, else from SESSION_SECRET, else a random key
 * of this process (links then last until a restart and hold on this replica only).
 */
export const SIGNED_IMAGES = ['badge.svg', 'status.png'] as const;
export type SignedImage = (typeof SIGNED_IMAGES)[number];

export interface ImageSignature {
  exp: number;
  sig: string;
}

export interface SignedSubject {
  image: SignedImage;
  appId: string;
  name: string;
  version: string;
}

const DAY_S = 86_400;
// Bounds what a query may carry before any HMAC is computed.
const SIG_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const EXP_PATTERN = /^\d{1,12}$/;

export function deriveKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'ens-rollout-dashboard', 'signed-image-url v1', 32));
}

let keyCache: { config: AppConfig; key: Buffer } | undefined;
// On globalThis: Next.js bundles pages and route handlers apart, each with its own copy
// of this module, and a page must sign with the key the image route checks.
const holder = globalThis as typeof globalThis & { __ensSignedUrlProcessKey?: Buffer };

/** The signing key of this configuration. */
export function signingKey(config: AppConfig = getConfig()): Buffer {
  if (keyCache?.config === config) return keyCache.key;
  const secret = config.SIGNED_URL_SECRET ?? config.SESSION_SECRET;
  let key: Buffer;
  if (secret) key = deriveKey(secret);
  else {
    if (!holder.__ensSignedUrlProcessKey) {
      holder.__ensSignedUrlProcessKey = randomBytes(32);
      if (config.AUTH_MODE !== 'none')
        getLogger().warn(
          'SIGNED_URL_SECRET is not set: signed status-image links hold only on this process until it restarts',
        );
    }
    key = holder.__ensSignedUrlProcessKey;
  }
  keyCache = { config, key };
  return key;
}

function mac(key: Buffer, subject: SignedSubject, exp: number): Buffer {
  // Newline-separated: none of the fields may hold one (ids and file names are validated).
  const payload = ['v1', subject.image, subject.appId, subject.name, subject.version, String(exp)].join('\n');
  return createHmac('sha256', key).update(payload, 'utf8').digest();
}

/**
 * A signature lasting at least `days`, its expiry rounded up to a whole UTC day so a
 * page rendered many times a day links the same image URL (chat apps cache by URL).
 */
export function signImage(
  subject: SignedSubject,
  options: { key?: Buffer; days?: number; now?: number } = {},
): ImageSignature {
  const days = options.days ?? getConfig().SIGNED_URL_DAYS;
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  const exp = Math.ceil((now + days * DAY_S) / DAY_S) * DAY_S;
  return { exp, sig: mac(options.key ?? signingKey(), subject, exp).toString('base64url') };
}

export type SignatureCheck = 'absent' | 'valid' | 'invalid' | 'expired';

/** Whether a request's `exp` and `sig` open this image; `absent` when it carries neither. */
export function checkImageSignature(
  subject: SignedSubject,
  query: URLSearchParams,
  options: { key?: Buffer; now?: number } = {},
): SignatureCheck {
  const exp = query.get('exp');
  const sig = query.get('sig');
  if (exp === null && sig === null) return 'absent';
  if (exp === null || sig === null || !EXP_PATTERN.test(exp) || !SIG_PATTERN.test(sig)) return 'invalid';
  const expected = mac(options.key ?? signingKey(), subject, Number(exp));
  if (!timingSafeEqual(expected, Buffer.from(sig, 'base64url'))) return 'invalid';
  // Checked after the MAC: a forged expiry is "invalid", not "expired".
  return Number(exp) * 1000 <= (options.now ?? Date.now()) ? 'expired' : 'valid';
}

/** Who a signed image request is: a viewer of that one application, for that one image. */
export function signedLinkIdentity(appId: string): Identity {
  return { name: 'signed-link', roles: normalizeRoles(['viewer']), via: 'signed-link', appScope: appId };
}

/** The path (with its query) of a status image, signed for SIGNED_URL_DAYS. */
export function signedImagePath(subject: SignedSubject): string {
  const signature = signImage(subject);
  const build = subject.image === 'badge.svg' ? paths.api.badge : paths.api.statusImage;
  return build(subject.appId, subject.name, subject.version, signature);
}
