import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './fixtures';

test('the diagnostics page shows the dialect calibration found, as /api/health does', async ({ page }) => {
  await page.goto('/diagnostics');
  await expect(page.getByRole('heading', { name: 'Diagnostics' })).toBeVisible();
  // The embedded simulator speaks the default reading.
  await expect(page.getByTestId('total-count-unit')).toHaveText('rows');
  await expect(page.getByTestId('instance-count-scope')).toHaveText('page');
  await expect(page.getByTestId('page-cap')).toHaveText('none found (none)');
  const health = (await (await page.request.get('/api/health')).json()) as {
    calibration: { dialect: { totalCountUnit: string; instanceCountScope: string } } | null;
  };
  expect(health.calibration?.dialect).toMatchObject({ totalCountUnit: 'rows', instanceCountScope: 'page' });
  await expectNoAxeViolations(page);
});
