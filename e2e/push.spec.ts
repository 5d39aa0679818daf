import type { Page } from '@playwright/test';
import { expect, expectNoAxeViolations, simStats, test } from './fixtures';
import { fillFileRow, regionCheckbox, resetAndReadFirstApp, snapBothWidths, type App, type Region } from './steps';

/*
 * The push page against the built app and the embedded simulator: what the preview
 * shows is what ENS receives, bad input never leaves the browser, pushing everywhere
 * needs the typed name, and a double click pushes once.
 */

// The seed's example, exactly as the API page prints it (escaped quotes, md5 "xxxx").
const SEED = String.raw`[{\"name\":\"app01\", \"version\":\"1.0\", \"size\":100,\"archiveType\":\"tar.gz\", \"md5\":\"\", \"url\":\"http://xxxx\",\"timeout\": 1000 }, { \"name\":\"app02\", \"version\":\"1.1\", \"size\":10,\"archiveType\":\"zip\", \"md5\":\"xxxx\", \"url\":\"http://xxxxxx\",\"timeout\": 1000 }]`;

let app: App;
let regions: Region[];

test.beforeEach(async ({ request }) => {
  ({ app, regions } = await resetAndReadFirstApp(request));
});

const pushCalls = async () => (await simStats()).calls.PushApplicationData ?? 0;
const file = (page: Page, n: number) => page.getByRole('group', { name: `File ${n}`, exact: true });
const regionBox = (page: Page, regionId: string) => regionCheckbox(page, regionId);
const snap = (page: Page, name: string) => snapBothWidths(page, `push-${name}`);

async function open(page: Page) {
  await page.goto(`/apps/${app.appId}/push`);
  await expect(page.getByRole('heading', { name: '1. Data files' })).toBeVisible();
}

async function importSeed(page: Page) {
  await page.getByRole('button', { name: 'Paste JSON…' }).click();
  await page.getByLabel('Data JSON, as PushApplicationData takes it').fill(SEED);
  await page.getByRole('button', { name: 'Replace rows' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported 2 files; 1 problem to fix below.' })).toBeVisible();
  await expect(page.getByLabel('Data JSON, as PushApplicationData takes it')).toBeHidden();
}

async function fillOneFile(page: Page, name = 'game-build') {
  await fillFileRow(file(page, 1), name, 'https://files.example.com/game-build-2.0.tar.gz');
}

test('imports the seed, pushes a two-region canary, and ENS receives what the preview showed', async ({
  page,
  request,
}) => {
  await open(page);
  await expectNoAxeViolations(page);
  await snap(page, 'empty');

  await importSeed(page);
  const md5 = file(page, 2).getByLabel('MD5 (optional)');
  await expect(md5).toHaveAttribute('aria-invalid', 'true');
  await expect(file(page, 2).getByText('md5 must be empty or 32 hexadecimal characters')).toBeVisible();
  await md5.fill('0123456789abcdef0123456789ABCDEF');
  await expect(md5).not.toHaveAttribute('aria-invalid', 'true');

  await page.getByRole('radio', { name: /Push only/ }).check();
  await page.getByRole('radio', { name: /Selected regions/ }).check();
  const [first, second] = [regions[0]!, regions[1]!];
  await regionBox(page, first.regionId).check();
  await regionBox(page, second.regionId).check();
  const instances = first.instanceCount + second.instanceCount;
  await expect(page.getByTestId('impact')).toContainText(`2 of ${regions.length} regions`);
  await expect(page.getByTestId('impact')).toContainText(`${instances} of`);

  const expectedData = [
    { name: 'app01', version: '1.0', size: 100, archiveType: 'tar.gz', md5: '', url: 'http://xxxx', timeout: 1000 },
    {
      name: 'app02',
      version: '1.1',
      size: 10,
      archiveType: 'zip',
      md5: '0123456789abcdef0123456789ABCDEF',
      url: 'http://xxxxxx',
      timeout: 1000,
    },
  ];
  const expectedStrategy = {
    name: 'ScheduleToRegionId',
    parameters: { operator: 'In', values: [first.regionId, second.regionId] },
  };
  expect(JSON.parse(await page.getByTestId('preview-Data').innerText())).toEqual(expectedData);
  expect(JSON.parse(await page.getByTestId('preview-PushStrategy').innerText())).toEqual(expectedStrategy);
  await expect(page.getByTestId('preview-CLI command')).toContainText(`aliyun ens PushApplicationData`);
  await expect(page.getByTestId('preview-CLI command')).toContainText(`--AppId '${app.appId}'`);
  await snap(page, 'filled');

  await page.getByRole('button', { name: 'Review and push…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Confirm the push' });
  await expect(dialog).toContainText(`2 of ${regions.length} regions`);
  await expect(dialog).toContainText(`${instances}`);
  await expectNoAxeViolations(page);
  await snap(page, 'confirm');
  await dialog.getByRole('button', { name: 'Push 2 files to 2 regions' }).click();

  const result = page.getByTestId('push-result');
  await expect(result).toBeVisible();
  await expect(result.getByTestId('result-code')).toHaveText(['New push started', 'New push started']);
  await expect(result).toContainText('ENS RequestId');
  await expect(result.getByRole('link', { name: 'Watch app01' })).toHaveAttribute(
    'href',
    `/apps/${app.appId}/versions?name=app01&version=1.0`,
  );
  expect(await pushCalls()).toBe(1);

  // Read back from ENS which regions received the file: exactly the preview's two.
  const status = (await (await request.get(`/api/apps/${app.appId}/push-status?name=app02&version=1.1`)).json()) as {
    regions: { regionId: string }[];
  };
  expect(status.regions.map((r) => r.regionId).sort()).toEqual([first.regionId, second.regionId].sort());
  await expectNoAxeViolations(page);
  await snap(page, 'result');
});

test('an invalid md5 and a bad URL are shown on their fields and nothing reaches ENS', async ({ page }) => {
  await open(page);
  await fillOneFile(page);
  await file(page, 1).getByLabel('MD5 (optional)').fill('not-an-md5');
  await file(page, 1).getByLabel('URL').fill('ftp://files.example.com/x.tar.gz');
  await page.getByRole('radio', { name: /Push to all regions/ }).check();
  await page.getByRole('button', { name: 'Review and push…' }).click();

  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(page.getByText(/problems? to fix before pushing/)).toBeVisible();
  const url = file(page, 1).getByLabel('URL');
  await expect(url).toHaveAttribute('aria-invalid', 'true');
  await expect(url).toBeFocused();
  await expect(page.locator(`#${await url.getAttribute('aria-describedby').then((d) => d?.split(' ')[0])}`)).toHaveText(
    'url must start with http:// or https://',
  );
  await expect(file(page, 1).getByLabel('MD5 (optional)')).toHaveAttribute('aria-invalid', 'true');
  await expect(file(page, 1).getByText('md5 must be empty or 32 hexadecimal characters')).toBeVisible();
  await expectNoAxeViolations(page);
  await snap(page, 'error');
  expect(await pushCalls()).toBe(0);
});

test('pushing to every region demands the typed application name', async ({ page }) => {
  await open(page);
  await fillOneFile(page, 'everywhere-file');
  await page.getByRole('radio', { name: /Push only/ }).check();
  await page.getByRole('radio', { name: /Push to all regions/ }).check();
  await expect(page.getByTestId('impact')).toContainText(`${regions.length} of ${regions.length} regions`);
  await page.getByRole('button', { name: 'Review and push…' }).click();

  const dialog = page.getByRole('dialog', { name: 'Push to every region?' });
  const confirm = dialog.getByRole('button', { name: `Push 1 file to ${regions.length} regions` });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(/Type the application name/).fill(`${app.name}x`);
  await expect(confirm).toBeDisabled();
  expect(await pushCalls()).toBe(0);
  await expectNoAxeViolations(page);
  await snap(page, 'confirm-all');
  await dialog.getByLabel(/Type the application name/).fill(app.name);
  await confirm.click();
  await expect(page.getByTestId('result-code')).toHaveText('New push started');
  expect(await pushCalls()).toBe(1);
});

test('a double click pushes once', async ({ page }) => {
  await open(page);
  await fillOneFile(page, 'double-click');
  await page.getByRole('radio', { name: /Selected regions/ }).check();
  await page.getByRole('button', { name: 'Canary: 1 region' }).click();
  await page.getByRole('button', { name: 'Review and push…' }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /^Push and distribute 1 file to 1 region$/ })
    .dblclick();
  await expect(page.getByTestId('result-code')).toHaveText('New push started');
  await page.waitForTimeout(500);
  expect(await pushCalls()).toBe(1);
});

test('works by keyboard, and the draft survives a reload', async ({ page }) => {
  await open(page);
  await fillOneFile(page, 'first');
  // Duplicate and reorder by keyboard alone.
  await page.getByRole('button', { name: 'Duplicate file 1' }).focus();
  await page.keyboard.press('Enter');
  await file(page, 2).getByLabel('Name').fill('second');
  await page.getByRole('button', { name: 'Move file 2 up' }).focus();
  await page.keyboard.press('Enter');
  await expect(file(page, 1).getByLabel('Name')).toHaveValue('second');

  await page.getByRole('radio', { name: /Selected regions/ }).focus();
  await page.keyboard.press('Space');
  await regionBox(page, regions[0]!.regionId).focus();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('impact')).toContainText(`1 of ${regions.length} regions`);

  await page.getByRole('button', { name: 'Review and push…' }).focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Confirm the push' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: /^Push and distribute 2 files to 1 region$/ })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Review and push…' })).toBeFocused();

  await page.reload();
  await expect(file(page, 1).getByLabel('Name')).toHaveValue('second');
  await expect(file(page, 2).getByLabel('Name')).toHaveValue('first');
  await expect(regionBox(page, regions[0]!.regionId)).toBeChecked();
  expect(await pushCalls()).toBe(0);
});
