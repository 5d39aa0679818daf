/*
 * A stand-in dashboard replica for the failover test: configured from the environment
 * (DATABASE_URL, ENS_*, WATCH_INTERVAL_SECONDS) exactly as the server is, it runs
 * startBackgroundWork() and nothing else. Run with tsx and the react-server condition
 * (server-only modules refuse plain Node):
 *   NODE_OPTIONS=--conditions=react-server node --import tsx lib/server/watcher/leader-process.ts
 * The watcher logs "this process leads" when it takes the leadership.
 */
import { startBackgroundWork } from './index';

const work = startBackgroundWork();
// The watcher's timer is unref'd (the HTTP server keeps a real replica alive); this stands in for it.
const keepAlive = setInterval(() => {}, 60_000);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    clearInterval(keepAlive);
    void work.stop().finally(() => process.exit(0));
  });
}
console.log(`replica ${process.pid} started`);
