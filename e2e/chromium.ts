import { existsSync } from 'node:fs';

/**
 * The Chromium the browser tests and the page benchmarks both drive: Debian's unless
 * PLAYWRIGHT_CHROMIUM_PATH points elsewhere (or is empty, for Playwright's own), with
 * the same flags, so a benchmark's figures are taken in the browser the tests pass in.
 */
export const chromiumPath =
  process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : '');

export const chromiumLaunchOptions = {
  executablePath: chromiumPath || undefined,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
