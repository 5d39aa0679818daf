import 'server-only';
import { normalizeRoles } from '@/lib/domain/roles';
import { HttpError } from '@/lib/server/http';
import { identifyBrowser, type Identity } from './identity';
import { authenticateToken, TOKEN_PREFIX } from './tokens';

/**
 * Identifies the caller of one request: an API token when one is presented (in every
 * AUTH_MODE), else the browser identity. Throws 401 for a bad token or identity header.
 */
export async function identify(headers: Headers): Promise<Identity> {
  const authorization = headers.get('authorization');
  if (authorization !== null) return identifyToken(authorization);
  return identifyBrowser(headers);
}

async function identifyToken(authorization: string): Promise<Identity> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match?.[1] || !match[1].startsWith(TOKEN_PREFIX)) {
    throw new HttpError(401, 'Unauthenticated', `Authorization must be "Bearer ${TOKEN_PREFIX}…" with an API token`);
  }
  const token = await authenticateToken(match[1]);
  if (!token) throw new HttpError(401, 'Unauthenticated', 'The API token is unknown, revoked or expired.');
  return {
    name: `token:${token.name}`,
    roles: normalizeRoles([token.role]),
    via: 'token',
    appScope: token.appId,
    tokenId: token.id,
  };
}
