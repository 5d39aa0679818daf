import 'server-only';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { AppConfig } from '@/lib/config';
import type { Db } from '@/lib/db';
import { HttpError } from '@/lib/server/http';

/*
 * Channel secrets at rest: AES-256-GCM under a key derived (HKDF-SHA256) from
 * NOTIFY_SECRET_KEY, else SESSION_SECRET. In simulator mode with neither, a random key
 * is generated once per database and kept in it: a local convenience only (the key sits
 * next to the ciphertext), so live mode refuses a secret without a configured key.
 */

const FORMAT = 'v1';

export async function secretKey(config: AppConfig, db: Db): Promise<Buffer> {
  const material = config.NOTIFY_SECRET_KEY ?? config.SESSION_SECRET;
  if (material) return Buffer.from(hkdfSync('sha256', material, 'ens-dashboard', 'notification-channel-secrets', 32));
  if (config.mode === 'simulator') {
    const local = await db.notifications.localKey(() => randomBytes(32).toString('base64'));
    return Buffer.from(local, 'base64');
  }
  throw new HttpError(
    503,
    'SecretKeyMissing',
    'Channel secrets cannot be stored: set NOTIFY_SECRET_KEY (at least 32 characters) on the server.',
  );
}

export function encryptSecret(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [FORMAT, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ct.toString('base64')].join(':');
}

export function decryptSecret(key: Buffer, stored: string): string {
  const [format, iv, tag, ct] = stored.split(':');
  if (format !== FORMAT || !iv || !tag || ct === undefined) throw new Error('unreadable channel secret');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString('utf8');
}
