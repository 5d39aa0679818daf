#!/usr/bin/env node
// `npm test`: every check, in the order that fails fastest. Exits non-zero on the
// first failure. Playwright runs last, so the output ends with its summary line.
// `npm test -- unit lint` runs only the steps whose names start with those words.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const bin = (name) => join('node_modules', '.bin', name);

const steps = [
  ['format', bin('prettier'), ['--check', '.', '--log-level', 'warn']],
  ['type-check', bin('tsc'), ['--noEmit', '-p', '.']],
  ['lint', bin('eslint'), ['.', '--max-warnings', '0']],
  ['unit and integration tests', bin('vitest'), ['run']],
  ['production build', bin('next'), ['build']],
  // The artifact as the image runs it: the Dockerfile's CMD beside .next/standalone/server.js (deploy/*.test.ts).
  ['deploy tests', bin('vitest'), ['run', '--config', 'vitest.deploy.config.mts']],
  ['browser tests', bin('playwright'), ['test']],
];

const only = process.argv.slice(2);
const selected = steps.filter(([name]) => only.length === 0 || only.some((o) => name.startsWith(o)));
for (const [index, [name, command, args]] of selected.entries()) {
  console.log(`\n▶ ${name}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\n✖ ${name} failed after ${seconds}s`);
    process.exit(result.status ?? 1);
  }
  // Nothing is printed after the last runner, so its summary line closes the output.
  if (index < selected.length - 1) console.log(`✔ ${name} (${seconds}s)`);
}
