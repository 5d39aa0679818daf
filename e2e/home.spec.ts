import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './fixtures';

test('the first page shows the mode and the applications the simulator reports', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'ENS applications' })).toBeVisible();
  await expect(page.getByRole('banner').getByText('Simulator', { exact: true })).toBeVisible();

  const apps = page.getByRole('list', { name: 'Applications' }).getByRole('listitem');
  await expect(apps).toHaveCount(4);
  const api = (await (await page.request.get('/api/apps')).json()) as { apps: { name: string }[] };
  for (const app of api.apps)
    await expect(page.getByRole('link', { name: new RegExp(app.name) }).first()).toBeVisible();
  await expectNoAxeViolations(page);
});
