import 'server-only';
import { z } from 'zod';

/**
 * The dashboard's environment, parsed once. Every setting has a default that makes
 * `npm start` work on a fresh machine: simulator mode, SQLite under data/.
 */
const boolish = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'])
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

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
  /** The embedded simulator's dialect (lib/simulator/README.md "Dialects"); unset = the default reading. */
  SIMULATOR_PAGE_SIZE_CAP: z.coerce.number().int().min(1).max(1_000).optional(),
  SIMULATOR_PAGE_SIZE_CAP_MODE: z.enum(['reject', 'silent', 'echo']).optional(),
  SIMULATOR_TOTAL_COUNT_UNIT: z.enum(['rows', 'results']).optional(),
  SIMULATOR_INSTANCE_COUNT_SCOPE: z.enum(['page', 'total']).optional(),
  SIMULATOR_TIME_SKEW: boolish.default(false),
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

function isLoopback(endpoint: string): boolean {
  const host = endpoint.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
