#!/usr/bin/env node
// `npm start`: check the configuration, build the dashboard when there is no build
// yet, then serve it.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const nextBin = require.resolve('next/dist/bin/next');

// A bad variable or an unreachable database is reported in one line now, not after a
// minute-long build (the server checks the same again at its own start-up).
const preflight = spawnSync(
  process.execPath,
  ['--conditions=react-server', '--import', 'tsx', 'lib/server/preflight.ts'],
  {
    stdio: 'inherit',
  },
);
if (preflight.status !== 0) process.exit(preflight.status ?? 1);

if (!existsSync('.next/BUILD_ID')) {
  console.log('No build found: building the dashboard once (about a minute)…');
  const build = spawnSync(process.execPath, [nextBin, 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// The dashboard drains on SIGTERM itself (lib/server/shutdown.ts); Next.js's own
// handler would exit before it has finished. scripts/server.mjs rather than `next
// start`: it records each request's peer address for AUTH_MODE=proxy.
const server = spawn(process.execPath, ['scripts/server.mjs', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, NEXT_MANUAL_SIG_HANDLE: 'true' },
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
