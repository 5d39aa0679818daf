import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { expect, resetSimulator } from './fixtures';

/* Steps the push and rollout specs share: the same application, form rows and screenshots. */

export interface App {
  appId: string;
  name: string;
}
export interface Region {
  regionId: string;
  instanceCount: number;
}

/** Resets the simulator, then reads the first application and its regions as the API lists them. */
export async function resetAndReadFirstApp(request: APIRequestContext): Promise<{ app: App; regions: Region[] }> {
  await resetSimulator();
  const apps = (await (await request.get('/api/apps')).json()) as { apps: App[] };
  const app = apps.apps[0]!;
  const regions = ((await (await request.get(`/api/apps/${app.appId}/regions`)).json()) as { regions: Region[] })
    .regions;
  return { app, regions };
}

/** Full-page screenshots `screenshots/<name>-<width>.png` at desktop and phone width, when PUSH_SCREENSHOTS is set. */
export async function snapBothWidths(page: Page, name: string) {
  if (!process.env.PUSH_SCREENSHOTS) return;
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(150);
    await page.screenshot({ path: `screenshots/${name}-${width}.png`, fullPage: true });
    // Nothing of the page may stick out sideways, at either width.
    const overflow = await page.locator('main').evaluate((main) => main.scrollWidth - main.clientWidth);
    expect(overflow, `horizontal overflow at ${width}px in ${name}`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Full-page screenshots `screenshots/<name>-<width>.png` at desktop and phone width, on every run. */
export async function shootBothWidths(page: Page, name: string) {
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 1000 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: `screenshots/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 1000 });
}

/** Fills one data file row of the push form: version 2.0, 12 bytes, at `url`. */
export async function fillFileRow(row: Locator, name: string, url: string) {
  await row.getByLabel('Name').fill(name);
  await row.getByLabel('Version').fill('2.0');
  await row.getByLabel('Size', { exact: true }).fill('12');
  await row.getByLabel('URL').fill(url);
}

/** A region's checkbox in a region checklist: its accessible name starts with the region id. */
export const regionCheckbox = (scope: Page | Locator, regionId: string) =>
  scope.getByRole('checkbox', { name: new RegExp(`^${regionId.replace(/[-.]/g, '\\$&')}\\s`) });
