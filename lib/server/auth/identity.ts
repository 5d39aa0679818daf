import 'server-only';
import { ConfigError, getConfig, listSetting, type AppConfig } from '@/lib/config';
import { normalizeRoles, type Role } from '@/lib/domain/roles';
import { HttpError } from '@/lib/server/http';
import { inAnyCidr, parseCidrList, type Cidr } from './cidr';
import { readSession } from './session';

/**
 * Who is making a request. Identity comes only from something the server can trust:
 * AUTH_MODE=none (everyone is an admin, recorded as "unauthenticated"), the headers of
 * an authenticating proxy whose address is in TRUSTED_PROXY_CIDRS, an OIDC session, or
 * an API token. A header from anywhere else is ignored.
 */
export interface Identity {
  /** The actor the audit log records. */
  name: string;
  roles: Role[];
  /** `signed-link`: no one, but a request for a status image with a valid signature (signed-url.ts). */
  via: 'none' | 'proxy' | 'oidc' | 'token' | 'signed-link' | 'anonymous';
  /** Set for a token limited to one application. */
  appScope?: string | null;
  tokenId?: string;
}

/**
 * The TCP peer's address, stamped by scripts/server.mjs on every request after
 * dropping any value a client sent. Absent under `next dev`: proxy headers are then ignored.
 */
export const PEER_ADDRESS_HEADER = 'x-ens-peer-address';
/** Set with it by scripts/server.mjs to this process's ENS_PEER_PROOF. */
export const PEER_PROOF_HEADER = 'x-ens-peer-proof';

/** The stamped peer address, or null when the request was not stamped by this process's server. */
export function peerAddress(headers: Headers): string | null {
  const proof = process.env.ENS_PEER_PROOF;
  return proof && headers.get(PEER_PROOF_HEADER) === proof ? headers.get(PEER_ADDRESS_HEADER) : null;
}

export const ANONYMOUS: Identity = Object.freeze({ name: 'anonymous', roles: [], via: 'anonymous' });
const UNAUTHENTICATED_ADMIN: Identity = Object.freeze({
  name: 'unauthenticated',
  roles: normalizeRoles(['admin']),
  via: 'none',
});

export const MAX_ACTOR_LENGTH = 200;

/**
 * An actor string as the audit log accepts it: 1 to 200 printable characters, none of
 * them markup or quoting characters, no leading or trailing space.
 */
export function actorProblem(value: string): string | null {
  if (value.length === 0) return 'is empty';
  if (value.length > MAX_ACTOR_LENGTH) return `is longer than ${MAX_ACTOR_LENGTH} characters`;
  if (value !== value.trim()) return 'has leading or trailing spaces';
  if (/[\p{C}\p{Zl}\p{Zp}]/u.test(value)) return 'contains control or invisible characters';
  if (/[<>"'`\\]/.test(value)) return 'contains < > " \' ` or \\';
  return null;
}

interface AuthSettings {
  config: AppConfig;
  trusted: Cidr[];
  groups: ReadonlyArray<readonly [Role, ReadonlySet<string>]>;
}

let settings: AuthSettings | undefined;

export function authSettings(): AuthSettings {
  const config = getConfig();
  if (settings?.config === config) return settings;
  let trusted: Cidr[];
  try {
    trusted = parseCidrList(config.TRUSTED_PROXY_CIDRS);
  } catch (err) {
    throw new ConfigError(
      'TRUSTED_PROXY_CIDRS',
      (err as Error).message,
      'use comma-separated addresses or CIDR blocks such as 10.0.0.5/32,::1/128',
    );
  }
  if (config.AUTH_MODE === 'proxy' && trusted.length === 0) {
    throw new ConfigError(
      'TRUSTED_PROXY_CIDRS',
      'is missing but AUTH_MODE=proxy needs it',
      'set it to the address of the authenticating proxy',
    );
  }
  if (config.AUTH_MODE === 'oidc') {
    const missing = (
      ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'SESSION_SECRET', 'PUBLIC_URL'] as const
    ).filter((k) => !config[k]);
    if (missing.length > 0)
      throw new ConfigError(missing[0]!, 'is missing but AUTH_MODE=oidc needs it', `set ${missing.join(', ')}`);
  }
  const groups = (['admin', 'operator', 'approver'] as const).map(
    (role) =>
      [
        role,
        new Set(listSetting(config[`ROLE_GROUPS_${role.toUpperCase() as 'ADMIN' | 'OPERATOR' | 'APPROVER'}`])),
      ] as const,
  );
  settings = { config, trusted, groups };
  return settings;
}

/**
 * The identity a browser request carries without an API token: AUTH_MODE=none, the
 * proxy's headers or the session. Reads no database, so proxy.ts can gate pages with it.
 */
export function identifyBrowser(headers: Headers): Identity {
  const { config } = authSettings();
  if (config.AUTH_MODE === 'none') return UNAUTHENTICATED_ADMIN;
  if (config.AUTH_MODE === 'proxy') return identifyProxy(headers);
  const session = readSession(headers);
  return session ? { name: session.name, roles: normalizeRoles(session.roles), via: 'oidc' } : ANONYMOUS;
}

/** Roles for a list of group names, through ROLE_GROUPS_*; anyone authenticated is a viewer. */
export function rolesForGroups(memberOf: ReadonlySet<string>): Role[] {
  const { groups } = authSettings();
  return normalizeRoles(groups.filter(([, names]) => [...names].some((g) => memberOf.has(g))).map(([role]) => role));
}

function identifyProxy(headers: Headers): Identity {
  const { config, trusted } = authSettings();
  // Identity headers count only when the TCP peer is the authenticating proxy.
  if (!inAnyCidr(trusted, peerAddress(headers))) return ANONYMOUS;
  const name = headers.get(config.PROXY_USER_HEADER)?.trim() || headers.get(config.PROXY_EMAIL_HEADER)?.trim();
  if (!name) return ANONYMOUS;
  const problem = actorProblem(name);
  if (problem)
    throw new HttpError(
      401,
      'Unauthenticated',
      `The proxy's identity header ${problem}; it cannot be recorded as an actor.`,
    );
  return {
    name,
    roles: rolesForGroups(new Set(listSetting(headers.get(config.PROXY_GROUPS_HEADER) ?? ''))),
    via: 'proxy',
  };
}
