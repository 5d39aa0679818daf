import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import { getDb } from '@/lib/db/server';
import type { ApiToken } from '@/lib/db';
import type { Role } from '@/lib/domain/roles';

/** Every API token starts with this, so secret scanners and people recognise one. */
export const TOKEN_PREFIX = 'ens_';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The live token a caller presented, or undefined. */
export async function authenticateToken(token: string): Promise<ApiToken | undefined> {
  if (!/^ens_[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  return (await getDb()).tokens.use(hashToken(token));
}

export interface CreateTokenInput {
  name: string;
  role: Role;
  appId: string | null;
  expiresAt: number | null;
}

/** Creates a token; the value is returned this once and only its hash is stored. */
export async function createToken(input: CreateTokenInput, actor: string): Promise<{ token: ApiToken; value: string }> {
  const value = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const token = await (await getDb()).tokens.create({ ...input, tokenHash: hashToken(value), createdBy: actor });
  return { token, value };
}

export async function listTokens(): Promise<ApiToken[]> {
  return (await getDb()).tokens.list();
}

export async function revokeToken(id: string, actor: string): Promise<boolean> {
  return (await getDb()).tokens.revoke(id, actor);
}
