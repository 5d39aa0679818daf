#!/usr/bin/env node
// `npm start`: serve the dashboard, building it first when there is no build yet.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const nextBin = require.resolve('next/dist/bin/next');

if (!existsSync('.next/BUILD_ID')) {
  console.log('No build found: building the dashboard once (about a minute)…');
  const build = spawnSync(process.execPath, [nextBin, 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// scripts/server.mjs rather than `next start`: it records each request's peer address.
const server = spawn(process.execPath, ['scripts/server.mjs', ...process.argv.slice(2)], {
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.kill(signal));
}
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
