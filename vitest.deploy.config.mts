import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The artifact's tests: they run `node .next/standalone/server.js`, so only after
// `next build` (scripts/test.mjs's "deploy tests" step), never in the unit step.
export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./', import.meta.url)),
      'server-only': fileURLToPath(new URL('./node_modules/server-only/empty.js', import.meta.url)),
    },
  },
  test: {
    include: ['deploy/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // One server fleet at a time: they share two cores with the build and each other.
    fileParallelism: false,
  },
});
