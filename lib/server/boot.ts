import 'server-only';
import { getDb } from '@/lib/db/server';
import { setEmbeddedConnection } from '@/lib/ens/connection';
import { startEmbeddedSimulator, type EmbeddedSimulator } from './embedded-simulator';
import { observeEnsCalls } from './observability/ens-calls';
import { installHttpTap } from './observability/http-tap';
import { addLogSecret, getLogger } from './observability/logger';
import { installGracefulShutdown } from './shutdown';
import { configOrExit, stepOrExit, stepOrExitSync } from './startup-check';
import { authSettings } from './auth/identity';
import { startupRefusal } from '@/lib/config';
import { startBackgroundWork } from './watcher';

type BootState = { started: Promise<void> };
const globalBoot = globalThis as typeof globalThis & { __ensDashboardBoot?: BootState };

/**
 * Start-up work, once per process: the configuration and the database checked (a
 * mistake exits with one line naming the variable), the embedded simulator (a child
 * process) in simulator mode, recovery of interrupted pushes, the watcher, the
 * request log and metrics, and the graceful shutdown on SIGTERM.
 * Idempotent, because Next.js may evaluate the instrumentation hook more than once.
 */
export function boot(): Promise<void> {
  globalBoot.__ensDashboardBoot ??= { started: start() };
  return globalBoot.__ensDashboardBoot.started;
}

async function start(): Promise<void> {
  const config = configOrExit();
  const refusal = startupRefusal(config);
  if (refusal) {
    console.error(refusal);
    process.exit(1);
  }
  // Parses TRUSTED_PROXY_CIDRS, the role groups and the OIDC settings now, so a mistake stops the start.
  stepOrExitSync(() => authSettings());
  for (const secret of [config.OIDC_CLIENT_SECRET, config.SESSION_SECRET, config.SIGNED_URL_SECRET])
    if (secret) addLogSecret(secret);
  const log = getLogger().child({ component: 'boot' });
  log.info(
    { auth: config.AUTH_MODE },
    config.AUTH_MODE === 'none' ? 'authentication off (AUTH_MODE=none): everyone is an admin' : 'authentication on',
  );
  const tap = installHttpTap();
  observeEnsCalls();

  // The database first: an unreachable one must stop the start-up before anything else runs.
  const db = await stepOrExit(() => getDb(), config);

  let sim: EmbeddedSimulator | undefined;
  if (config.mode === 'simulator') {
    sim = await startEmbeddedSimulator(config);
    addLogSecret(sim.accessKeySecret);
    setEmbeddedConnection({
      endpoint: sim.endpoint,
      protocol: 'http',
      accessKeyId: sim.accessKeyId,
      accessKeySecret: sim.accessKeySecret,
    });
    log.info({ mode: 'simulator', simulator: sim.url, instances: config.SIMULATOR_INSTANCES }, 'ENS simulator mode');
  } else {
    log.info({ mode: 'live', endpoint: `${config.ENS_PROTOCOL}://${config.ENS_ENDPOINT}` }, 'ENS live mode');
  }

  // A push still pending at start-up was cut off between the audit write and ENS's
  // answer: whether ENS acted is unknown, and the history must say so. With replicas
  // on PostgreSQL, only pushes older than a write's deadline can be orphaned.
  const createdBefore = Date.now() - 2 * config.ENS_READ_TIMEOUT_MS;
  const orphaned = await db.pushes.markPendingAsUnknown(db.kind === 'postgres' ? { createdBefore } : {});
  if (orphaned > 0) log.warn({ orphaned }, 'push(es) were interrupted before ENS answered; marked unknown');
  log.info({ database: db.kind }, 'database open');
  // The watcher and the push-then-distribute driver; a no-op with ENS_NAIVE_PROXY.
  const background = startBackgroundWork();

  if (process.env.NEXT_MANUAL_SIG_HANDLE) {
    installGracefulShutdown({
      tap,
      graceMs: config.SHUTDOWN_GRACE_SECONDS * 1000,
      stopBackground: () => background.stop(),
      stopSimulator: () => sim?.stop() ?? Promise.resolve(),
      closeDatabase: () => db.close(),
    });
  } else {
    // Next.js's own handler would exit (143) as soon as its server closed, racing ours.
    log.warn('NEXT_MANUAL_SIG_HANDLE is not set: SIGTERM exits without draining (the image and npm start set it)');
  }
}
