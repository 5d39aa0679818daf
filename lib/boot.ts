import 'server-only';
import { getConfig, startupRefusal } from './config';
import { getDb } from './db/server';
import { setEmbeddedConnection } from './ens/connection';
import { startEmbeddedSimulator } from './embedded-simulator';
import { authSettings } from './server/auth/identity';
import { startBackgroundWork } from './watcher';

type BootState = { started: Promise<void> };
const globalBoot = globalThis as typeof globalThis & { __ensDashboardBoot?: BootState };

/**
 * Start-up work, once per process: the embedded simulator (a child process) in
 * simulator mode, the database, recovery of interrupted pushes, the watcher.
 * Idempotent, because Next.js may evaluate the instrumentation hook more than once.
 */
export function boot(): Promise<void> {
  globalBoot.__ensDashboardBoot ??= { started: start() };
  return globalBoot.__ensDashboardBoot.started;
}

async function start(): Promise<void> {
  const config = getConfig();
  const refusal = startupRefusal(config);
  if (refusal) {
    console.error(refusal);
    process.exit(1);
  }
  // Parses TRUSTED_PROXY_CIDRS and the role groups now, so a mistake stops the start.
  authSettings();
  console.log(config.AUTH_MODE === 'none' ? 'Authentication: off (AUTH_MODE=none): everyone is an admin' : `Authentication: ${config.AUTH_MODE}`);
  if (config.mode === 'simulator') {
    const sim = await startEmbeddedSimulator(config);
    setEmbeddedConnection({
      endpoint: sim.endpoint,
      protocol: 'http',
      accessKeyId: sim.accessKeyId,
      accessKeySecret: sim.accessKeySecret,
    });
    console.log(`ENS simulator mode: embedded simulator at ${sim.url} (${config.SIMULATOR_INSTANCES} instances)`);
  } else {
    console.log(`ENS live mode: ${config.ENS_PROTOCOL}://${config.ENS_ENDPOINT}`);
  }

  const db = await getDb();
  // A push still pending at start-up was cut off between the audit write and ENS's
  // answer: whether ENS acted is unknown, and the history must say so. With replicas
  // on PostgreSQL, only pushes older than a write's deadline can be orphaned.
  const createdBefore = Date.now() - 2 * config.ENS_READ_TIMEOUT_MS;
  const orphaned = await db.pushes.markPendingAsUnknown(db.kind === 'postgres' ? { createdBefore } : {});
  if (orphaned > 0) console.warn(`${orphaned} push(es) were interrupted before ENS answered; marked unknown.`);
  console.log(`Database: ${db.kind}`);
  // The watcher and the push-then-distribute driver; a no-op with ENS_NAIVE_PROXY.
  startBackgroundWork();
}
