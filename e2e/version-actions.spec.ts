import type { APIRequestContext, Page } from '@playwright/test';
import { advanceClock, clearFaults, expect, resetSimulator, simStats, simUrl, test } from './fixtures';

/*
 * Acting from the version page against the built app and the embedded simulator:
 * distribute a version that was only pushed, widen, retry failed instances, clean from
 * chosen regions, and the push form's warning before the same push goes twice. Each
 * checks what ENS was asked (the simulator's call counts and what it now reports) and
 * what the audit log recorded, not only what the page shows.
 */

type Counts = { SUCCESS: number; FAILED: number; DISTING: number; POD_RESTARTING: number; DELETED: number };
interface Detail {
  counts: Counts;
  byRegion: { regionId: string; counts: Counts }[];
}
interface Entry {
  id: string;
  actor: string;
  kind: string;
  action: string | null;
  state: string;
  strategy: { values: string[] }[] | null;
}

const run = Date.now().toString(36);
let seq = 0;
const uniqueVersion = (label: string) => `${label}-${run}-${++seq}`;
const NAME = 'actions-e2e.pak';
const live = (c: Counts) => c.SUCCESS + c.FAILED + c.DISTING + c.POD_RESTARTING;

async function getJson<T>(request: APIRequestContext, url: string): Promise<T> {
  const response = await request.get(url);
  expect(response.ok(), `${url} answered ${response.status()}`).toBeTruthy();
  return (await response.json()) as T;
}

let appId: string;
let inventory: Map<string, number>;

test.beforeEach(async ({ request }) => {
  await resetSimulator();
  await clearFaults();
  appId = (await getJson<{ apps: { appId: string }[] }>(request, '/api/apps')).apps[0]!.appId;
  const { regions } = await getJson<{ regions: { regionId: string; instanceCount: number }[] }>(
    request,
    `/api/apps/${appId}/regions`,
  );
  inventory = new Map(regions.map((r) => [r.regionId, r.instanceCount]));
});

const regionsWithInstances = () => [...inventory].filter(([, n]) => n > 0).map(([id]) => id);
const versionUrl = (name: string, version: string) =>
  `/apps/${appId}/versions?${new URLSearchParams({ name, version })}`;
const detailOf = (request: APIRequestContext, name: string, version: string) =>
  getJson<Detail>(request, `/api/apps/${appId}/distribution/detail?${new URLSearchParams({ name, version })}`);
const entriesOf = async (request: APIRequestContext, name: string, version: string) =>
  (await getJson<{ pushes: Entry[] }>(request, `/api/apps/${appId}/pushes?${new URLSearchParams({ name, version })}`))
    .pushes;
const calls = async (action: string) => (await simStats()).calls[action] ?? 0;

/** The newest write of `action` the simulator accepted, with its parameters as ENS received them. */
async function lastWrite(action: string): Promise<Record<string, string>> {
  const { records } = (await (await fetch(`${simUrl}/__sim/records`)).json()) as {
    records: { action: string; params: Record<string, string> }[];
  };
  const found = records.filter((r) => r.action === action).at(-1);
  expect(found, `the simulator received a ${action}`).toBeDefined();
  return found!.params;
}

/** The regions of a DistApplicationData's DistStrategy, as ENS received them. */
const distRegions = (params: Record<string, string>) =>
  (
    JSON.parse(params.DistStrategy ?? '{}') as {
      parameters?: { match_expressions?: { values: string[] }[] };
    }
  ).parameters?.match_expressions
    ?.flatMap((m) => m.values)
    .sort() ?? [];

const file = (version: string) => ({
  name: NAME,
  version,
  size: 4096,
  archiveType: 'zip',
  md5: '',
  url: 'https://artifacts.example.com/actions-e2e.pak',
  timeout: 600,
});
const only = (regionIds: string[]) => [{ name: 'ScheduleToRegionId', operator: 'In', values: regionIds }];

/** Pushes (pre-push only) to `regionIds`, lets the simulated hour pass, and answers the regions that succeeded. */
async function pushOnly(request: APIRequestContext, version: string, regionIds: string[]): Promise<string[]> {
  const response = await request.post(`/api/apps/${appId}/pushes`, {
    data: { data: [file(version)], strategy: only(regionIds), idempotencyKey: `actions-${version}` },
  });
  expect(response.status()).toBe(201);
  await advanceClock(3600);
  const { regions } = await getJson<{ regions: { regionId: string; status: string }[] }>(
    request,
    `/api/apps/${appId}/push-status?${new URLSearchParams({ name: NAME, version })}`,
  );
  return regions
    .filter((r) => r.status === 'SUCCESS')
    .map((r) => r.regionId)
    .sort();
}

async function distribute(request: APIRequestContext, version: string, regionIds: string[]) {
  const response = await request.post(`/api/apps/${appId}/distributions`, {
    data: {
      data: [{ name: NAME, version, destPath: '/opt/game', decompress: true, timeout: 600 }],
      strategy: only(regionIds),
      idempotencyKey: `actions-dist-${version}`,
    },
  });
  expect(response.status()).toBe(201);
  await advanceClock(3600);
}

async function openVersion(page: Page, name: string, version: string) {
  await page.goto(versionUrl(name, version));
  await expect(page.getByRole('heading', { name: 'Actions', exact: true })).toBeVisible();
  await page.waitForLoadState('networkidle');
}

async function snap(page: Page, name: string) {
  if (!process.env.PUSH_SCREENSHOTS) return;
  const size = page.viewportSize();
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 1000 });
    await page.waitForTimeout(200);
    await page.screenshot({ path: `screenshots/actions-${name}-${width}.png`, fullPage: true });
  }
  if (size) await page.setViewportSize(size);
}

test('a version only pushed is distributed from its page, to exactly the regions whose pre-push succeeded', async ({
  page,
  request,
}) => {
  const version = uniqueVersion('pushed');
  const pushed = await pushOnly(request, version, regionsWithInstances().slice(0, 3));
  expect(pushed.length).toBeGreaterThan(0);

  await openVersion(page, NAME, version);
  const open = page.getByRole('button', { name: /^Distribute to \d+ pushed regions?…$/ });
  await expect(open).toHaveText(`Distribute to ${pushed.length} pushed region${pushed.length === 1 ? '' : 's'}…`);
  await open.click();
  const dialog = page.getByRole('dialog', { name: 'Distribute the pushed version' });
  await expect(dialog).toBeVisible();
  const instances = pushed.reduce((n, id) => n + (inventory.get(id) ?? 0), 0);
  await expect(dialog.getByTestId('distribute-facts')).toContainText(`${instances.toLocaleString('en')} instance`);
  for (const id of pushed) await expect(dialog.getByTestId('distribute-facts')).toContainText(id);
  // The safe choice has the focus; Escape closes and gives the focus back to the button.
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await snap(page, 'distribute-dialog');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(open).toBeFocused();

  const before = await calls('DistApplicationData');
  await page.keyboard.press('Enter');
  await dialog.getByRole('button', { name: /^Distribute to \d+ regions?$/ }).click();
  await expect(page.getByTestId('action-done')).toContainText('Distribution sent');
  expect(await calls('DistApplicationData')).toBe(before + 1);

  const [newest] = await entriesOf(request, NAME, version);
  expect(newest).toMatchObject({
    kind: 'distribution',
    action: 'distribute-pushed',
    actor: 'e2e-admin',
    state: 'sent',
  });
  expect(newest!.strategy![0]!.values.sort()).toEqual(pushed);
  expect(distRegions(await lastWrite('DistApplicationData'))).toEqual(pushed);

  // ENS now reports the version on instances of those regions, and of no other.
  await advanceClock(3600);
  await expect
    .poll(async () => (await detailOf(request, NAME, version)).byRegion.filter((r) => live(r.counts) > 0).length)
    .toBeGreaterThan(0);
  const reached = (await detailOf(request, NAME, version)).byRegion.filter((r) => live(r.counts) > 0);
  expect(reached.every((r) => pushed.includes(r.regionId))).toBe(true);
});

test('widen to a chosen region states the canary, what it has and what the widen adds; clean removes it from one region only', async ({
  page,
  request,
}) => {
  const version = uniqueVersion('widen');
  const pushed = await pushOnly(request, version, regionsWithInstances().slice(0, 4));
  expect(pushed.length).toBeGreaterThanOrEqual(3);
  const canary = pushed.slice(0, 2);
  await distribute(request, version, canary);
  // The canary as the page will show it: settled, once the watcher has swept it after the clock moved.
  let have = 0;
  await expect
    .poll(
      async () => {
        const canaryRegions = (await detailOf(request, NAME, version)).byRegion.filter((r) =>
          canary.includes(r.regionId),
        );
        have = canaryRegions.reduce((n, r) => n + r.counts.SUCCESS, 0);
        return canaryRegions.length > 0 && canaryRegions.every((r) => r.counts.DISTING + r.counts.POD_RESTARTING === 0);
      },
      { timeout: 20_000 },
    )
    .toBe(true);
  const target = pushed[2]!;

  await openVersion(page, NAME, version);
  await page.getByRole('button', { name: 'Widen…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Widen the rollout' });
  await expect(dialog.getByTestId('widen-health')).toContainText('against the rollout gate');
  await expect(dialog.getByTestId('widen-have')).toContainText(`${have.toLocaleString('en')} instance`);
  // Only the chosen region: clear all, then tick one.
  await dialog.getByRole('checkbox', { name: /^All \d+$/ }).uncheck();
  await dialog.getByRole('checkbox', { name: new RegExp(`^${target.replace(/[-.]/g, '\\$&')}\\s`) }).check();
  const adds = inventory.get(target)!;
  await expect(dialog.getByTestId('widen-adds')).toHaveText(
    `${adds.toLocaleString('en')} instance${adds === 1 ? '' : 's'} in 1 region`,
  );
  await snap(page, 'widen-dialog');
  const before = await calls('DistApplicationData');
  await dialog.getByRole('button', { name: 'Widen to 1 region' }).click();
  await expect(page.getByTestId('action-done')).toContainText('Widen sent to 1 region');
  expect(await calls('DistApplicationData')).toBe(before + 1);
  const [widened] = await entriesOf(request, NAME, version);
  expect(widened).toMatchObject({ action: 'widen', kind: 'distribution', actor: 'e2e-admin' });
  expect(widened!.strategy![0]!.values).toEqual([target]);
  expect(distRegions(await lastWrite('DistApplicationData'))).toEqual([target]);

  // Clean the version from the first canary region only.
  await advanceClock(3600);
  const beforeClean = await detailOf(request, NAME, version);
  const [cleaned, kept] = canary as [string, string];
  const keptCounts = beforeClean.byRegion.find((r) => r.regionId === kept)!.counts;
  await page.reload();
  await page.waitForLoadState('networkidle');
  await page.getByRole('button', { name: 'Clean from regions…' }).click();
  const cleanDialog = page.getByRole('dialog', { name: 'Clean the version from regions' });
  const confirm = cleanDialog.getByRole('button', { name: /^Clean from \d+ regions?$/ });
  // Nothing is chosen for a clean until the person chooses.
  await expect(confirm).toBeDisabled();
  await cleanDialog.getByRole('checkbox', { name: new RegExp(`^${cleaned.replace(/[-.]/g, '\\$&')}\\s`) }).check();
  await snap(page, 'clean-dialog');
  const cleansBefore = await calls('CleanDistData');
  await confirm.click();
  await expect(page.getByTestId('action-done')).toContainText('Clean sent for 1 region');
  expect(await calls('CleanDistData')).toBe(cleansBefore + 1);
  const [clean] = await entriesOf(request, NAME, version);
  expect(clean).toMatchObject({ action: 'clean', actor: 'e2e-admin', state: 'sent' });
  expect(clean!.strategy![0]!.values).toEqual([cleaned]);
  expect(await lastWrite('CleanDistData')).toMatchObject({
    DataName: NAME,
    DataVersion: version,
    EnsRegionId: cleaned,
  });
  await expect
    .poll(async () =>
      live((await detailOf(request, NAME, version)).byRegion.find((r) => r.regionId === cleaned)!.counts),
    )
    .toBe(0);
  const after = await detailOf(request, NAME, version);
  expect(after.byRegion.find((r) => r.regionId === kept)!.counts).toEqual(keptCounts);
  await snap(page, 'version-after');
});

test('retry failed instances re-targets exactly the regions holding them', async ({ page, request }) => {
  // A seeded version with failures in some of its regions and none in others.
  const { items } = await getJson<{ items: { name: string; version: string; counts: Counts }[] }>(
    request,
    `/api/apps/${appId}/distribution`,
  );
  let chosen: { name: string; version: string; failedRegions: string[] } | undefined;
  for (const item of items.filter((i) => i.counts.FAILED > 0)) {
    const d = await detailOf(request, item.name, item.version);
    const failedRegions = d.byRegion.filter((r) => r.counts.FAILED > 0).map((r) => r.regionId);
    const clean = d.byRegion.filter((r) => r.counts.FAILED === 0 && live(r.counts) > 0);
    if (failedRegions.length > 0 && clean.length > 0) {
      chosen = { name: item.name, version: item.version, failedRegions: failedRegions.sort() };
      break;
    }
  }
  expect(chosen, 'a seeded version failing in some regions only').toBeDefined();
  const { name, version, failedRegions } = chosen!;
  const failed = (await detailOf(request, name, version)).counts.FAILED;

  await openVersion(page, name, version);
  const open = page.getByRole('button', { name: /^Retry [\d,]+ failed instances?…$/ });
  await expect(open).toContainText(`Retry ${failed.toLocaleString('en')} failed instance`);
  await open.click();
  const dialog = page.getByRole('dialog', { name: 'Retry failed instances' });
  await expect(dialog.getByTestId('retry-facts')).toContainText(failedRegions.join(', '));
  await snap(page, 'retry-dialog');
  const before = await calls('DistApplicationData');
  await dialog.getByRole('button', { name: /^Retry [\d,]+ failed instances?$/ }).click();
  await expect(page.getByTestId('action-done')).toContainText('Retry sent');
  expect(await calls('DistApplicationData')).toBe(before + 1);

  const [retry] = await entriesOf(request, name, version);
  expect(retry).toMatchObject({ action: 'retry-failed', kind: 'distribution', actor: 'e2e-admin' });
  expect(retry!.strategy![0]!.values.sort()).toEqual(failedRegions);
  // What ENS received: a DistApplicationData to exactly those regions, never wider.
  expect(distRegions(await lastWrite('DistApplicationData'))).toEqual(failedRegions);
  // ENS's own answer: the instances it distributes to are those regions' instances, no more.
  const inRegions = failedRegions.reduce((n, id) => n + (inventory.get(id) ?? 0), 0);
  await expect(page.getByTestId('action-done')).toContainText(
    `ENS answered ${inRegions.toLocaleString('en')} instance`,
  );
});

test('a second review of the files just pushed warns, with a link to that push, before sending again', async ({
  page,
}) => {
  const version = uniqueVersion('twice');
  const region = regionsWithInstances()[0]!;
  await page.goto(`/apps/${appId}/push`);
  await expect(page.getByRole('heading', { name: '1. Data files' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await page.getByRole('button', { name: 'Paste JSON…' }).click();
  await page.getByLabel('Data JSON, as PushApplicationData takes it').fill(JSON.stringify([file(version)]));
  await page.getByRole('button', { name: 'Replace rows' }).click();
  await page.getByRole('radio', { name: /Push only/ }).check();
  await page.getByRole('radio', { name: /Selected regions/ }).check();
  await page.getByRole('checkbox', { name: new RegExp(`^${region.replace(/[-.]/g, '\\$&')}\\s`) }).check();

  const before = await calls('PushApplicationData');
  await page.getByRole('button', { name: 'Review and push…' }).click();
  let dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('repeat-warning')).toHaveCount(0);
  await dialog.getByRole('button', { name: /^Push 1 file/ }).click();
  await expect(page.getByTestId('push-result')).toContainText('Push accepted by ENS');
  expect(await calls('PushApplicationData')).toBe(before + 1);

  await page.getByRole('button', { name: 'Review and push…' }).click();
  dialog = page.getByRole('dialog');
  const warning = dialog.getByTestId('repeat-warning');
  await expect(warning).toContainText('This exact push was just sent');
  await expect(warning.getByRole('link', { name: 'see it in the history' })).toHaveAttribute(
    'href',
    `/apps/${appId}/history?${new URLSearchParams({ name: NAME, version })}`,
  );
  await snap(page, 'repeat-warning');
  // Nothing went to ENS by opening the review; cancelling sends nothing either.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  expect(await calls('PushApplicationData')).toBe(before + 1);
});

const regionBox = (page: Page, regionId: string) =>
  page.getByRole('checkbox', { name: new RegExp(`^${regionId.replace(/[-.]/g, '\\$&')}\\s`) });

test('push form: a .pak URL is no archive, a mismatch is warned; focus stays clear of the sticky bar; on a phone the regions scroll with the page', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/apps/${appId}/push`);
  await expect(page.getByRole('heading', { name: '1. Data files' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  const row = page.getByRole('group', { name: 'File 1', exact: true });
  await page.getByRole('radio', { name: /Push and distribute/ }).check();
  const decompress = page.getByRole('checkbox', { name: 'Decompress the archive on the instance' });
  await decompress.check();
  await row.getByLabel('URL').fill('https://files.example.com/game-client.pak');
  // No archive type is claimed for a .pak, and decompressing is turned off.
  await expect(row.getByLabel('Archive type')).toHaveValue('');
  await expect(decompress).not.toBeChecked();
  await row.getByLabel('Archive type').selectOption('tar.gz');
  await expect(row.getByText('not an archive: is tar.gz right?')).toBeVisible();
  await decompress.check();
  await expect(page.getByTestId('decompress-warning')).toBeVisible();
  await row.getByLabel('URL').fill('https://files.example.com/game-client.zip');
  await expect(row.getByText('The URL ends in .zip but the type is tar.gz.')).toBeVisible();

  // Tab through every region: each focused checkbox is fully above the sticky "Review and push" bar.
  await page.getByRole('radio', { name: /Selected regions/ }).check();
  const ids = regionsWithInstances();
  await regionBox(page, ids[0]!).focus();
  let checked = 0;
  for (let i = 0; i < inventory.size + 10; i++) {
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      const barEl = [...document.querySelectorAll('button')].find(
        (b) => b.textContent === 'Review and push…',
      )?.parentElement;
      if (!el || !barEl || barEl.contains(el)) return null;
      return {
        label: el.closest('label')?.textContent ?? el.tagName,
        bottom: el.getBoundingClientRect().bottom,
        barTop: barEl.getBoundingClientRect().top,
      };
    });
    if (focused === null) break;
    expect(focused.bottom, `${focused.label} hidden under the sticky bar`).toBeLessThanOrEqual(focused.barTop);
    checked++;
    await page.keyboard.press('Tab');
  }
  expect(checked).toBeGreaterThan(5);
  expect(ids.length).toBeGreaterThan(0);

  // At phone width no region sits in a scroll box of its own.
  await page.setViewportSize({ width: 390, height: 844 });
  const nested = await regionBox(page, ids[0]!).evaluate((box) => {
    for (let el = box.parentElement; el && el !== document.body; el = el.parentElement) {
      const style = getComputedStyle(el);
      if (/(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight) return el.className;
    }
    return null;
  });
  expect(nested).toBeNull();
});

test('the history lists pushes ENS reports that this dashboard did not make; the overview lists a version only pushed', async ({
  page,
  request,
}) => {
  const version = uniqueVersion('listed');
  await pushOnly(request, version, regionsWithInstances().slice(0, 1));
  const outside = await getJson<{ pushes: { name: string; version: string }[] }>(
    request,
    `/api/apps/${appId}/pushes/outside`,
  );
  // The seeded fleet's pushes were made before this dashboard existed; ours is recorded.
  expect(outside.pushes.length).toBeGreaterThan(0);
  expect(outside.pushes.some((p) => p.version === version)).toBe(false);
  await page.goto(`/apps/${appId}/history`);
  const section = page.getByTestId('outside-pushes');
  await expect(section.getByRole('heading', { name: 'Made outside this dashboard' })).toBeVisible();
  await expect(section.getByTestId('outside-entry')).toHaveCount(outside.pushes.length);
  await snap(page, 'history-outside');

  await page.goto(`/apps/${appId}`);
  const row = page.getByRole('row').filter({ hasText: version });
  await expect(row.getByRole('link', { name: NAME })).toHaveAttribute('href', versionUrl(NAME, version));
});
