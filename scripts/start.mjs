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
// A heap size the engine works to: without one, V8 sizes the heap from the machine's
// memory (about 4 GB on a 24 GiB host) and lets garbage grow far before a full
// collection, so a 100,000-instance version's reads peaked at 1.7 GB of RSS. A small
// young generation, and two malloc arenas rather than one per thread, keep what lives
// outside the old generation small too. The image sets the same (Dockerfile); an
// option the operator names in NODE_OPTIONS, or MALLOC_ARENA_MAX, wins (README, "Deploy").
const MEMORY_OPTIONS = ['--max-old-space-size=160', '--max-semi-space-size=2'];
const named = (option) =>
  new RegExp(option.split('=')[0].replace(/[-_]/g, '[-_]')).test(process.env.NODE_OPTIONS ?? '');
const memory = MEMORY_OPTIONS.filter((option) => !named(option));
const server = spawn(process.execPath, [...memory, 'scripts/server.mjs', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { MALLOC_ARENA_MAX: '2', ...process.env, NEXT_MANUAL_SIG_HANDLE: 'true' },
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
