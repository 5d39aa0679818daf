import { defineConfig, devices } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/chromium';

/**
 * Browser tests run against the production build served by `npm start`'s script,
 * with the embedded simulator on a fixed loopback port so tests can drive its
 * test controls (`/__sim/*`). The browser: e2e/chromium.ts.
 */
export const APP_PORT = Number(process.env.E2E_APP_PORT ?? 3100);
export const SIM_PORT = Number(process.env.E2E_SIM_PORT ?? 8788);

/** The server's output during the run, grepped by e2e/global-teardown.ts for secrets. */
export const SERVER_LOG = 'data/e2e-server.log';
/** Configured but unused in simulator mode: it must appear in no log line all the same. */
export const E2E_SECRET = 'e2e-canary-secret-7d1f4b';

export default defineConfig({
  testDir: './e2e',
  testIgnore: ['bench/**'],
  globalSetup: './e2e/global-setup.ts',
  globalTeardown: './e2e/global-teardown.ts',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${APP_PORT}`,
    trace: 'on-first-retry',
    // The suite runs as the authenticating proxy would send it: AUTH_MODE=proxy with
    // loopback trusted (see webServer.env). Specs that need another role make their own context.
    extraHTTPHeaders: { 'x-forwarded-user': 'e2e-admin', 'x-forwarded-groups': 'e2e-admins' },
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: chromiumLaunchOptions,
      },
    },
  ],
  webServer: {
    // The server's JSON lines go to SERVER_LOG (one per request: too many for the console).
    command: `rm -f data/e2e.db data/e2e.db-* ${SERVER_LOG} && mkdir -p data && node scripts/start.mjs > ${SERVER_LOG} 2>&1`,
    url: `http://127.0.0.1:${APP_PORT}/api/health`,
    reuseExistingServer: !process.env.CI,
    timeout: 240_000,
    stdout: 'pipe',
    env: {
      PORT: String(APP_PORT),
      ENS_MODE: 'simulator',
      SIMULATOR_PORT: String(SIM_PORT),
      SIMULATOR_ACTIVITY: 'off',
      SIMULATOR_SEED: 'e2e',
      DATABASE_URL: 'file:data/e2e.db',
      WATCH_INTERVAL_SECONDS: '1',
      // Small pages, so the small e2e fleet's reads span several pages as a large fleet's do.
      ENS_PAGE_SIZE: '100',
      AUTH_MODE: 'proxy',
      TRUSTED_PROXY_CIDRS: '127.0.0.0/8,::1/128',
      ROLE_GROUPS_ADMIN: 'e2e-admins',
      ROLE_GROUPS_OPERATOR: 'e2e-operators',
      ROLE_GROUPS_APPROVER: 'e2e-approvers',
      // One person plays every part in the browser tests; the four-eyes rule itself is
      // tested at the API (app/api/apps/[appId]/rollouts/rollouts.test.ts).
      ALLOW_SELF_APPROVAL: '1',
      PUSH_RATE_LIMIT_PER_MINUTE: '600',
      // The notifications spec's receiver listens on loopback.
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'e2e-canary-id',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: E2E_SECRET,
      LOG_LEVEL: 'debug',
    },
  },
});
