import 'server-only';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * The dashboard's environment, parsed once. Every setting has a default that makes
 * `npm start` work on a fresh machine: simulator mode, SQLite under data/.
 * A wrong value stops the start-up with one ConfigError line naming the variable
 * and the fix (lib/server/startup-check.ts prints it), never a stack trace.
 */
const BOOLISH = ['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'] as const;
const boolish = z.enum(BOOLISH).transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

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
  /** File URLs on loopback, link-local or private addresses are refused unless the deployment's file origin is internal. */
  ALLOW_INTERNAL_FILE_URLS: boolish.default(false),
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
  /** Whether the creator of a rollout may approve its stages (four-eyes rule when off; always on with AUTH_MODE=none). */
  ALLOW_SELF_APPROVAL: boolish.default(false),
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
  /** Signs status-image links (og:image, badges) so they open without a session; at least 32 characters. */
  SIGNED_URL_SECRET: z.string().min(32, 'SIGNED_URL_SECRET must be at least 32 characters').optional(),
  /** How long a signed status-image link holds, in days (rounded up to a whole UTC day). */
  SIGNED_URL_DAYS: z.coerce.number().positive().max(3660).default(30),
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
  PUSH_FORBIDDEN_MODE_BITS: z
    .string()
    .regex(/^[0-7]{1,4}$/, 'must be octal digits')
    .default('6002'),
  /** The embedded simulator's dialect (lib/simulator/README.md "Dialects"); unset = the default reading. */
  SIMULATOR_PAGE_SIZE_CAP: z.coerce.number().int().min(1).max(1_000).optional(),
  SIMULATOR_PAGE_SIZE_CAP_MODE: z.enum(['reject', 'silent', 'echo']).optional(),
  SIMULATOR_TOTAL_COUNT_UNIT: z.enum(['rows', 'results']).optional(),
  SIMULATOR_INSTANCE_COUNT_SCOPE: z.enum(['page', 'total']).optional(),
  SIMULATOR_TIME_SKEW: boolish.default(false),
  /** Encrypts notification channels' secrets (AES-256-GCM); at least 32 characters. Falls back to SESSION_SECRET. */
  NOTIFY_SECRET_KEY: z.string().min(32, 'NOTIFY_SECRET_KEY must be at least 32 characters').optional(),
  /** Comma-separated hosts notification webhooks may reach despite the outbound checks (private, loopback, http). */
  WEBHOOK_ALLOWED_HOSTS: z.string().default(''),
  /** Minutes ENS must stay unreachable before `ens.unreachable` is sent (then `ens.recovered` when back). */
  NOTIFY_ENS_UNREACHABLE_MINUTES: z.coerce.number().positive().max(1440).default(5),
  /** `version.failures_rising`: at least this many more failed instances of a watched version… */
  NOTIFY_FAILURES_RISING_MIN: z.coerce.number().int().min(1).default(10),
  /** …within this many minutes (and at least twice as many as at the window's start). */
  NOTIFY_FAILURES_RISING_WINDOW_MINUTES: z.coerce.number().positive().max(1440).default(10),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** On SIGTERM, how long in-flight requests and pushes may take before the process exits anyway. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().nonnegative().max(3600).default(20),
});

export type AppConfig = z.output<typeof envSchema> & { mode: 'simulator' | 'live' };

/** A configuration mistake: what is wrong with which variable, and how to fix it. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${variable}: ${problem}; ${fix}`);
    this.name = 'ConfigError';
  }
}

let cached: AppConfig | undefined;

export function getConfig(): AppConfig {
  if (cached) return cached;
  cached = parseConfig(process.env);
  return cached;
}

/** Variables whose values are secrets: never echoed, and a log line must never carry them. */
export const SECRET_VARIABLES = [
  'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
  'DATABASE_URL',
  'OIDC_CLIENT_SECRET',
  'SESSION_SECRET',
  'SIGNED_URL_SECRET',
  'NOTIFY_SECRET_KEY',
] as const;

export interface ParseOptions {
  /** Whether a credentials profile file exists (the default chain reads it); injected by tests. */
  hasProfileFile?: () => boolean;
}

export function parseConfig(env: Readonly<Record<string, string | undefined>>, options: ParseOptions = {}): AppConfig {
  // An empty variable means "unset", as compose files and shells often leave them.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const variable = String(issue.path[0] ?? 'environment');
    throw new ConfigError(variable, describeValue(variable, present[variable]), fixFor(variable, issue));
  }
  const data = parsed.data;
  checkDatabaseUrl(data.DATABASE_URL);
  checkEndpoint(data.ENS_ENDPOINT);
  // Live mode is never implied by the mere presence of a key: a developer's shell
  // credentials must not turn a local run into pushes against production.
  const mode = data.ENS_MODE ?? 'simulator';
  if (mode === 'live' && data.ENS_PROTOCOL === 'http' && !isLoopback(data.ENS_ENDPOINT)) {
    // Signed requests carry no secret, but pushes and answers would cross the network in clear text.
    throw new ConfigError(
      'ENS_PROTOCOL',
      `ENS_PROTOCOL=http is only allowed for a loopback ENS_ENDPOINT, not ${data.ENS_ENDPOINT}`,
      'use ENS_PROTOCOL=https',
    );
  }
  if (mode === 'live') checkCredentials(present, options.hasProfileFile ?? defaultProfileFileExists);
  return { ...data, mode };
}

function describeValue(variable: string, value: string | undefined): string {
  if (value === undefined) return 'is missing';
  if ((SECRET_VARIABLES as readonly string[]).includes(variable)) return 'has an invalid value';
  return `"${value.length > 60 ? `${value.slice(0, 60)}…` : value}" is not valid`;
}

function fixFor(variable: string, issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value' && 'values' in issue) return `use one of ${issue.values.map(String).join(', ')}`;
  if (variable === 'SIMULATOR_ACTIVITY' || variable === 'ENS_NAIVE_PROXY') return `use one of ${BOOLISH.join(', ')}`;
  if (issue.code === 'too_small')
    return `use a number ${issue.inclusive ? 'of at least' : 'above'} ${String(issue.minimum)}`;
  if (issue.code === 'too_big')
    return `use a number ${issue.inclusive ? 'of at most' : 'below'} ${String(issue.maximum)}`;
  if (issue.code === 'invalid_type' && issue.expected === 'number') return 'use a number';
  if (issue.code === 'invalid_type' && issue.expected === 'int') return 'use a whole number';
  return 'see the Configuration table in the README';
}

function checkDatabaseUrl(url: string): void {
  const trimmed = url.trim();
  if (/^postgres(ql)?:\/\//i.test(trimmed)) {
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      throw new ConfigError(
        'DATABASE_URL',
        'is not a valid postgres:// URL',
        'use postgres://user:password@host:5432/database',
      );
    }
    if (!parsed.hostname)
      throw new ConfigError(
        'DATABASE_URL',
        'names no PostgreSQL host',
        'use postgres://user:password@host:5432/database',
      );
    return;
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed)?.[1];
  if (scheme && scheme.toLowerCase() !== 'file') {
    // Never echo the URL: it may carry a password.
    throw new ConfigError(
      'DATABASE_URL',
      `the scheme "${scheme}:" is not supported`,
      'use postgres://user:password@host:5432/database for PostgreSQL, or file:path/to/dashboard.db for SQLite',
    );
  }
}

// host, host:port or [v6]:port; no scheme, no path: the protocol has its own variable.
const ENDPOINT =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/;

function checkEndpoint(endpoint: string): void {
  const match = ENDPOINT.exec(endpoint);
  const port = match?.[1] === undefined ? 1 : Number(match[1]);
  if (!match || port < 1 || port > 65535) {
    const hint = /^[a-z]+:\/\//i.test(endpoint) ? ' (the protocol goes in ENS_PROTOCOL)' : '';
    throw new ConfigError(
      'ENS_ENDPOINT',
      `"${endpoint.slice(0, 80)}" is not host[:port]${hint}`,
      'use e.g. ENS_ENDPOINT=ens.aliyuncs.com',
    );
  }
}

// Sources the default credential chain of @alicloud/credentials reads besides the AccessKey pair.
const CHAIN_VARIABLES = [
  'ALIBABA_CLOUD_CREDENTIALS_URI',
  'ALIBABA_CLOUD_ECS_METADATA',
  'ALIBABA_CLOUD_ROLE_ARN',
  'ALIBABA_CLOUD_CREDENTIALS_FILE',
  'ALIBABA_CLOUD_PROFILE',
];

function checkCredentials(env: Record<string, string | undefined>, hasProfileFile: () => boolean): void {
  const id = env.ALIBABA_CLOUD_ACCESS_KEY_ID;
  const secret = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET;
  if (id && !secret) {
    throw new ConfigError(
      'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
      'is missing while ALIBABA_CLOUD_ACCESS_KEY_ID is set',
      'set both variables of the AccessKey pair',
    );
  }
  if (secret && !id) {
    throw new ConfigError(
      'ALIBABA_CLOUD_ACCESS_KEY_ID',
      'is missing while ALIBABA_CLOUD_ACCESS_KEY_SECRET is set',
      'set both variables of the AccessKey pair',
    );
  }
  if (id && secret) return;
  if (CHAIN_VARIABLES.some((name) => env[name]) || hasProfileFile()) return;
  throw new ConfigError(
    'ALIBABA_CLOUD_ACCESS_KEY_ID',
    'ENS_MODE=live has no credentials',
    'set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or a credential-chain source such as ALIBABA_CLOUD_ECS_METADATA (the ECS RAM role name)',
  );
}

function defaultProfileFileExists(): boolean {
  const home = homedir();
  return (
    existsSync(join(home, '.alibabacloud', 'credentials')) ||
    existsSync(join(home, '.alibabacloud', 'credentials.ini')) ||
    existsSync(join(home, '.aliyun', 'config.json'))
  );
}

/** Splits a comma-separated setting into trimmed, non-empty entries. */
export function listSetting(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
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
