import 'server-only';
import { z } from 'zod';

/**
 * The dashboard's environment, parsed once. Every setting has a default that makes
 * `npm start` work on a fresh machine: simulator mode, SQLite under data/.
 */
const boolish = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'])
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

const headerName = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'must be an HTTP header name');

const envSchema = z.object({
  ENS_MODE: z.enum(['simulator', 'live']).optional(),
  ENS_ENDPOINT: z.string().min(1).default('ens.aliyuncs.com'),
  ENS_PROTOCOL: z.enum(['https', 'http']).default('https'),
  ALIBABA_CLOUD_ACCESS_KEY_ID: z.string().min(1).optional(),
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: z.string().min(1).optional(),
  ENS_READ_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  ENS_READ_DEADLINE_MS: z.coerce.number().int().positive().default(20_000),
  ENS_CACHE_TTL_MS: z.coerce.number().int().nonnegative().default(2_000),
  /** Rows asked per DescribeDataDistResult page; ENS documents no maximum. */
  ENS_PAGE_SIZE: z.coerce.number().int().min(10).max(10_000).default(1_000),
  /** Benchmark switch: no coalescing, no cache, no watcher: one ENS call per request. */
  ENS_NAIVE_PROXY: boolish.default(false),
  DATABASE_URL: z.string().min(1).default('file:data/dashboard.db'),
  WATCH_INTERVAL_SECONDS: z.coerce.number().positive().default(5),
  SNAPSHOT_RETENTION_DAYS: z.coerce.number().positive().default(30),
  SIMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  SIMULATOR_INSTANCES: z.coerce.number().int().positive().default(2000),
  SIMULATOR_APPS: z.coerce.number().int().positive().default(4),
  SIMULATOR_SEED: z.string().min(1).default('ens-dashboard'),
  SIMULATOR_TIME_SCALE: z.coerce.number().positive().default(1),
  SIMULATOR_ACTIVITY: boolish.default(true),

  // Access control (docs in README "Access control").
  AUTH_MODE: z.enum(['none', 'proxy', 'oidc']).default('none'),
  /** With AUTH_MODE=none, live mode needs this explicit acknowledgement. */
  ALLOW_UNAUTHENTICATED_LIVE: boolish.default(false),
  /** Comma-separated CIDRs whose identity headers are believed (AUTH_MODE=proxy). */
  TRUSTED_PROXY_CIDRS: z.string().default(''),
  PROXY_USER_HEADER: headerName.default('X-Forwarded-User'),
  PROXY_EMAIL_HEADER: headerName.default('X-Forwarded-Email'),
  PROXY_GROUPS_HEADER: headerName.default('X-Forwarded-Groups'),
  ROLE_GROUPS_ADMIN: z.string().default(''),
  ROLE_GROUPS_OPERATOR: z.string().default(''),
  ROLE_GROUPS_APPROVER: z.string().default(''),
  /** AUTH_MODE=oidc: the provider's issuer URL, this client's credentials, the claim holding groups. */
  OIDC_ISSUER: z.url({ protocol: /^https?$/, error: 'OIDC_ISSUER must be an http(s) URL' }).optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_SCOPES: z.string().default('openid email profile'),
  OIDC_ROLES_CLAIM: z.string().min(1).default('groups'),
  /** Encrypts the session cookie; at least 32 characters. */
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  /** A session ends after this long without a request (sliding), and after SESSION_MAX_HOURS in any case. */
  SESSION_IDLE_MINUTES: z.coerce.number().positive().default(60),
  SESSION_MAX_HOURS: z.coerce.number().positive().default(12),
  /** The URL users reach the dashboard at; its host joins ALLOWED_HOSTS, https turns on HSTS. */
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'PUBLIC_URL must be an http(s) URL' }).optional(),
  /** Comma-separated host names (no port) the server answers to; others get 421. */
  ALLOWED_HOSTS: z.string().optional(),
  /** Pushes and distributions per actor per minute; 0 turns the limit off. */
  PUSH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().nonnegative().default(30),
  /** Comma-separated destPath prefixes refused ("/" refuses only "/" itself). */
  PUSH_DENIED_PATHS: z.string().default('/,/etc,/bin,/sbin,/usr,/boot,/lib,/lib64,/proc,/sys,/dev'),
  /** Comma-separated destPath prefixes allowed; empty allows any path not denied. */
  PUSH_ALLOWED_PATHS: z.string().default(''),
  /** Octal mode bits a fileMode may not set: set-uid, set-gid and world-writable by default. */
  PUSH_FORBIDDEN_MODE_BITS: z.string().regex(/^[0-7]{1,4}$/, 'must be octal digits').default('6002'),
});

export type AppConfig = z.output<typeof envSchema> & { mode: 'simulator' | 'live' };

let cached: AppConfig | undefined;

export function getConfig(): AppConfig {
  if (cached) return cached;
  cached = parseConfig(process.env);
  return cached;
}

export function parseConfig(env: Readonly<Record<string, string | undefined>>): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  // Live mode is never implied by the mere presence of a key: a developer's shell
  // credentials must not turn a local run into pushes against production.
  const mode = parsed.data.ENS_MODE ?? 'simulator';
  if (mode === 'live' && parsed.data.ENS_PROTOCOL === 'http' && !isLoopback(parsed.data.ENS_ENDPOINT)) {
    // Signed requests carry no secret, but pushes and answers would cross the network in clear text.
    throw new Error(`Invalid environment: ENS_PROTOCOL=http is only allowed for a loopback ENS_ENDPOINT, not ${parsed.data.ENS_ENDPOINT}`);
  }
  return { ...parsed.data, mode };
}

/** Splits a comma-separated setting into trimmed, non-empty entries. */
export function listSetting(value: string | undefined): string[] {
  return (value ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '');
}

/**
 * Why the server must not start with this configuration, or null. Live pushes with
 * authentication off need an explicit acknowledgement.
 */
export function startupRefusal(config: AppConfig): string | null {
  if (config.mode === 'live' && config.AUTH_MODE === 'none' && !config.ALLOW_UNAUTHENTICATED_LIVE) {
    return 'Refusing to start: ENS_MODE=live with AUTH_MODE=none lets anyone who reaches the port push to production; set AUTH_MODE=proxy or oidc, or ALLOW_UNAUTHENTICATED_LIVE=1 to accept that.';
  }
  return null;
}

function isLoopback(endpoint: string): boolean {
  const host = endpoint.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
