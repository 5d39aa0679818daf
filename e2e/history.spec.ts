import type { APIRequestContext, Page } from '@playwright/test';
import { resultMeaning } from '@/lib/domain/result-codes';
import { clearFaults, expect, expectNoAxeViolations, resetSimulator, setFaults, test } from './fixtures';

/*
 * The push history page against the built app and the embedded simulator: pushes made
 * through the API show who, what and what ENS answered; a failed push says why; the
 * version filter lives in the URL.
 */

interface App {
  appId: string;
}

let app: App;
let regions: string[];
// The e2e database outlives a test: every test pushes versions of its own.
const run = Date.now().toString(36);
let seq = 0;
const uniqueVersion = (label: string) => `${label}-${run}-${++seq}`;

const dataFile = (version: string, name = 'history-e2e.tar.gz') => ({
  name,
  version,
  size: 1048576,
  archiveType: 'tar.gz',
  md5: '0123456789abcdef0123456789abcdef',
  url: 'https://artifacts.example.com/history-e2e.tar.gz',
  timeout: 600,
});

async function push(request: APIRequestContext, version: string, extra: Record<string, unknown> = {}, name?: string) {
  return request.post(`/api/apps/${app.appId}/pushes`, {
    headers: { 'x-forwarded-user': 'ana@example.com' },
    data: { data: [dataFile(version, name)], strategy: null, idempotencyKey: `history-${version}`, ...extra },
  });
}

const entry = (page: Page, version: string) => page.getByTestId('push-entry').filter({ hasText: version });

async function open(page: Page, query = '') {
  await page.goto(`/apps/${app.appId}/history${query}`);
  await expect(page.getByRole('heading', { name: 'Push history' })).toBeVisible();
  // Typing into a controlled input before React hydrates it would be reset by hydration.
  await page.waitForLoadState('networkidle');
}

test.beforeEach(async ({ request }) => {
  await resetSimulator();
  app = ((await (await request.get('/api/apps')).json()) as { apps: App[] }).apps[0]!;
  regions = (
    (await (await request.get(`/api/apps/${app.appId}/regions`)).json()) as { regions: { regionId: string }[] }
  ).regions.map((r) => r.regionId);
});

test('a push made through the API shows its actor, state and what its result code means', async ({ page, request }) => {
  const version = uniqueVersion('ok');
  const response = await push(request, version);
  expect(response.status()).toBe(201);
  const { results } = (await response.json()) as { results: { resultCode: number }[] };
  const meaning = resultMeaning(results[0]!.resultCode);

  await open(page);
  const row = entry(page, version);
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('ana@example.com');
  await expect(row).toContainText('Push only');
  await expect(row).toContainText('All regions');
  await expect(row.getByTestId('push-state')).toContainText('Sent');
  await expect(row.getByTestId('push-state')).toContainText(meaning.label);
  await expect(row.getByRole('link', { name: /history-e2e\.tar\.gz/ })).toHaveAttribute(
    'href',
    `/apps/${app.appId}/versions?name=history-e2e.tar.gz&version=${version}`,
  );
  await expect(row.getByRole('button', { name: 'Copy ENS RequestId' })).toBeVisible();
});

test('a push ENS rejected shows as failed with its reason', async ({ page, request }) => {
  // A good push first, so the application's regions are known before ENS starts failing.
  expect((await push(request, uniqueVersion('warm'))).status()).toBe(201);
  const version = uniqueVersion('fails');
  await setFaults({ errorRate: 1 });
  try {
    expect((await push(request, version)).status()).toBeGreaterThanOrEqual(500);
  } finally {
    await clearFaults();
  }

  await open(page);
  const state = entry(page, version).getByTestId('push-state');
  await expect(state).toContainText('Failed');
  await expect(state).toContainText('ServiceUnavailable');
});

test('filtering by version narrows the list and survives a reload', async ({ page, request }) => {
  const wanted = uniqueVersion('wanted');
  const other = uniqueVersion('other');
  expect((await push(request, wanted)).status()).toBe(201);
  expect((await push(request, other)).status()).toBe(201);

  await open(page);
  await expect(entry(page, other)).toHaveCount(1);
  await page.getByLabel('Version').fill(wanted);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]version=${wanted}`));
  await expect(page.getByTestId('push-entry')).toHaveCount(1);
  await expect(entry(page, wanted)).toHaveCount(1);

  await page.reload();
  await expect(page.getByLabel('Version')).toHaveValue(wanted);
  await expect(page.getByTestId('push-entry')).toHaveCount(1);
  await expect(entry(page, wanted)).toHaveCount(1);

  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(entry(page, other)).toHaveCount(1);
});

test('a push-and-distribute opens onto both phases per region; the page is axe clean at desktop and phone width', async ({
  page,
  request,
}) => {
  const version = uniqueVersion('dist');
  const target = regions.slice(0, 3);
  const response = await push(request, version, {
    strategy: [{ name: 'ScheduleToRegionId', operator: 'In', values: target }],
    distribute: { destPath: '/data/releases', decompress: true, timeout: 600 },
  });
  expect(response.status()).toBe(201);

  await open(page);
  const row = entry(page, version);
  await expect(row).toContainText('Push and distribute');
  await expect(row).toContainText(`In: ${target.length} regions`);
  await row.getByRole('button', { name: `Show ${target.length} regions` }).click();
  const phases = page.getByRole('table', { name: 'Pre-push and distribution by region' });
  await expect(phases.getByRole('row')).toHaveCount(target.length + 1);
  for (const regionId of target) await expect(phases).toContainText(regionId);

  await expectNoAxeViolations(page);
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(200);
    await page.screenshot({ path: `screenshots/history-${width}.png`, fullPage: true });
    const overflow = await page.locator('main').evaluate((main) => main.scrollWidth - main.clientWidth);
    expect(overflow, `horizontal overflow at ${width}px`).toBeLessThanOrEqual(0);
  }
  await expectNoAxeViolations(page);
});

test('a push made while the page is open appears without a reload; "Load older" pages back', async ({
  page,
  request,
}) => {
  // One more push than a page holds, under a file name of this run's own.
  const name = `paging-${run}.tar.gz`;
  for (let i = 0; i < 26; i++) expect((await push(request, uniqueVersion('page'), {}, name)).status()).toBe(201);

  await open(page, `?name=${name}`);
  await expect(page.getByTestId('push-entry')).toHaveCount(25);
  await page.getByRole('button', { name: 'Load older pushes' }).click();
  await expect(page.getByTestId('push-entry')).toHaveCount(26);
  await expect(page.getByRole('button', { name: 'Load older pushes' })).toBeHidden();

  const late = uniqueVersion('late');
  expect((await push(request, late, {}, name)).status()).toBe(201);
  // The log polls every 10 s.
  await expect(entry(page, late)).toHaveCount(1, { timeout: 15_000 });
  await expect(page.getByTestId('push-entry').first()).toContainText(late);
});

test('an unknown application answers 404', async ({ page }) => {
  const response = await page.goto('/apps/no-such-app/history');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Application not found' })).toBeVisible();
});

test('the page hydrates without a mismatch once the application has a push', async ({ page, request }) => {
  expect((await push(request, uniqueVersion('hydrate'))).status()).toBe(201);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  // Several loads: a mismatch of printed times shows whenever the server's and the browser's clocks cross a second.
  for (let i = 0; i < 3; i++) {
    await open(page);
    await page.waitForTimeout(1_100);
  }
  expect(problems.filter((p) => /hydrat|#418|did not match/i.test(p))).toEqual([]);
});
