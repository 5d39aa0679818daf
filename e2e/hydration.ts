import type { Page } from '@playwright/test';

/**
 * Waits until React has attached to the page's toggles (their props are on the DOM
 * node): before that, a status toggle is a plain GET form button and a click loads the
 * filtered page instead of changing the live one.
 */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const toggle = document.querySelector('button[aria-pressed]');
    return toggle !== null && Object.keys(toggle).some((k) => k.startsWith('__reactProps'));
  });
}
