import type { APIRequestContext, Page } from '@playwright/test';
import { advanceClock, expect, expectNoAxeViolations, resetSimulator, simUrl, test } from './fixtures';
import { shootBothWidths } from './steps';

/*
 * The version page's numbers are true and its drill-down agrees with itself, checked
 * against the API and the simulator: a region whose pre-push failed stays in the
 * numbers (blocked, with its reason and a retry), the pre-push phase is said in words,
 * stuck instances are stragglers rather than an ETA, the counts beside each filter
 * follow the other filters, and relative times run on the simulator's clock.
 */

interface Counts {
  SUCCESS: number;
  DISTING: number;
  FAILED: number;
  POD_RESTARTING: number;
  DELETED: number;
}
interface Held {
  regionId: string;
  state: 'blocked' | 'waiting';
  instances: number;
  reason: string;
}
interface Detail {
  total: number;
  counts: Counts;
  byRegion: { regionId: string; counts: Counts }[];
  failureReasons: { statusDescrip: string; count: number }[];
  coverage: { targeted: number; blocked: number; waiting: number; held: Held[] } | null;
  stragglers: { count: number; instanceIds: string[] } | null;
  ensNow: string;
}
interface Item {
  name: string;
  version: string;
  total: number;
  counts: Counts;
}
interface InstanceRow {
  instanceId: string;
  regionId: string;
  status: string;
  statusDescrip: string;
  startTime: string;
  updateTime: string;
}

const fmt = (n: number) => new Intl.NumberFormat('en-US').format(n);
const pct = (f: number) => (f >= 1 ? '100 %' : `${(Math.floor(f * 1000) / 10).toFixed(1)} %`);
const versionUrl = (appId: string, v: { name: string; version: string }, extra = '') =>
  `/apps/${appId}/versions?${new URLSearchParams({ name: v.name, version: v.version })}${extra}`;
// The e2e database outlives a test: every push here is of a version of its own.
const run = Date.now().toString(36);
let seq = 0;

async function getJson<T>(request: APIRequestContext, url: string): Promise<T> {
  const response = await request.get(url);
  expect(response.ok(), `${url} answered ${response.status()}`).toBeTruthy();
  return (await response.json()) as T;
}

async function sim<T>(path: string, body: unknown = {}): Promise<T> {
  const response = await fetch(`${simUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.ok, `simulator ${path} answered ${response.status}`).toBe(true);
  return (await response.json()) as T;
}

const nv = (v: { name: string; version: string }) => ({ name: v.name, version: v.version });
const detailOf = (request: APIRequestContext, appId: string, v: { name: string; version: string }) =>
  getJson<Detail>(request, `/api/apps/${appId}/distribution/detail?${new URLSearchParams(nv(v))}`);
const instances = (request: APIRequestContext, appId: string, query: Record<string, string>) =>
  getJson<{ total: number; rows: InstanceRow[] }>(
    request,
    `/api/apps/${appId}/distribution/instances?${new URLSearchParams({ pageSize: '1000', ...query })}`,
  );

/** The first (largest) application and its regions with their instance counts, largest first. */
async function firstApp(request: APIRequestContext) {
  const { apps } = await getJson<{ apps: { appId: string }[] }>(request, '/api/apps');
  const appId = apps[0]!.appId;
  const { regions } = await getJson<{ regions: { regionId: string; instanceCount: number }[] }>(
    request,
    `/api/apps/${appId}/regions`,
  );
  return { appId, regions: [...regions].sort((a, b) => b.instanceCount - a.instanceCount) };
}

/** A push-and-distribute of a fresh version to `regionIds` (size 0: pre-pushes finish within 450 simulated s). */
async function pushAndDistribute(request: APIRequestContext, appId: string, regionIds: string[]) {
  const file = { name: `truth-e2e-${run}.pak`, version: `2.4.${++seq}` };
  const response = await request.post(`/api/apps/${appId}/pushes`, {
    data: {
      data: [
        { ...file, size: 0, archiveType: 'tar.gz', md5: '', url: 'https://artifacts.example.com/t.pak', timeout: 600 },
      ],
      strategy: [{ name: 'ScheduleToRegionId', operator: 'In', values: regionIds }],
      distribute: { destPath: '/data/releases', decompress: true, timeout: 600 },
      idempotencyKey: `truth-${run}-${seq}`,
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return file;
}

const kpi = (page: Page, label: string) => page.getByTestId(`kpi-${label}`);

test.beforeEach(async () => {
  await resetSimulator();
});

test('a region whose pre-push failed stays in the numbers: blocked, with its reason and a retry, by keyboard', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const { appId, regions } = await firstApp(request);
  // The largest region fails its pre-push, as cn-hangzhou-26 did; two others work.
  const [blocked, ...others] = regions;
  const healthy = others.slice(0, 2);
  const reason = 'file server disk quota exceeded';
  await sim('/__sim/push-failures', { regionIds: [blocked!.regionId], reason });
  const file = await pushAndDistribute(request, appId, [blocked!.regionId, ...healthy.map((r) => r.regionId)]);
  await advanceClock(500);

  // The watcher distributes to each region whose pre-push worked and skips the failed one.
  let detail: Detail | undefined;
  await expect
    .poll(
      async () => {
        detail = await detailOf(request, appId, file);
        return detail.byRegion.length === healthy.length && (detail.coverage?.blocked ?? 0) > 0;
      },
      { timeout: 45_000 },
    )
    .toBe(true);
  const d = detail!;
  const rows = healthy.reduce((n, r) => n + r.instanceCount, 0);
  expect(d.total).toBe(rows);
  expect(d.byRegion.map((r) => r.regionId)).not.toContain(blocked!.regionId);
  // Every targeted instance counts: the rows plus the blocked region's inventory.
  expect(d.coverage).toMatchObject({
    targeted: rows + blocked!.instanceCount,
    blocked: blocked!.instanceCount,
    waiting: 0,
    held: [{ regionId: blocked!.regionId, state: 'blocked', instances: blocked!.instanceCount, reason }],
  });
  // The overview (and /apps, which reads it) counts the same targeted instances.
  type OverviewItem = {
    name: string;
    version: string;
    total: number;
    targeted?: number;
    successRate: number | null;
    counts: Record<string, number>;
  };
  let item: OverviewItem | undefined;
  await expect
    .poll(
      async () => {
        const overview = await getJson<{ items: OverviewItem[] }>(request, `/api/apps/${appId}/distribution`);
        item = overview.items.find((i) => i.name === file.name && i.version === file.version);
        return item?.targeted;
      },
      { timeout: 30_000 },
    )
    .toBe(rows + blocked!.instanceCount);
  expect(item!.successRate).toBeCloseTo(item!.counts.SUCCESS! / (item!.targeted! - item!.counts.DELETED!), 6);
  expect(item!.successRate!).toBeLessThan(item!.counts.SUCCESS! / (item!.total - item!.counts.DELETED!) + 1e-9);
  // The pre-push answer agrees.
  const push = await getJson<{ regions: { regionId: string; status: string; statusDescrip: string }[] }>(
    request,
    `/api/apps/${appId}/push-status?${new URLSearchParams(file)}`,
  );
  expect(push.regions.find((r) => r.regionId === blocked!.regionId)).toMatchObject({
    status: 'FAILED',
    statusDescrip: reason,
  });

  await page.goto(versionUrl(appId, file));
  await expect(kpi(page, 'Instances targeted').locator('[data-value]')).toHaveText(fmt(d.coverage!.targeted));
  await expect(kpi(page, 'Instances targeted')).toContainText(`${fmt(blocked!.instanceCount)} blocked`);
  await expect(kpi(page, 'Failed')).toContainText(`+ ${fmt(blocked!.instanceCount)} blocked by a failed pre-push`);
  // The success share is over every targeted instance (the page's own later polls may move it).
  const latest = await detailOf(request, appId, file);
  const expected = latest.counts.SUCCESS / (latest.coverage!.targeted - latest.counts.DELETED);
  await expect(kpi(page, 'Success').locator('[data-value]')).toHaveText(pct(expected));
  // The region chart lists it as blocked, with ENS's reason in plain text.
  const heldRow = page.getByTestId(`region-held-${blocked!.regionId}`);
  await expect(heldRow).toContainText(`${fmt(blocked!.instanceCount)} blocked`);
  await expect(heldRow).toContainText(reason);
  await expect(page.getByTestId(`blocked-${blocked!.regionId}`)).toContainText(reason);
  // The failed pre-push chip shows its reason and its retry link is a tab stop.
  const chip = page.getByTestId(`prepush-failed-${blocked!.regionId}`);
  await expect(chip).toContainText(reason);
  const retry = chip.getByRole('link', { name: `Retry the pre-push to ${blocked!.regionId}` });
  await expect(retry).toHaveAttribute('href', new RegExp(`action=retry-prepush&actionRegion=${blocked!.regionId}`));
  await page.getByRole('heading', { name: 'Pre-push to file servers' }).click();
  let reached = false;
  for (let i = 0; i < 20 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await retry.evaluate((el) => el === document.activeElement);
  }
  expect(reached, 'the retry link of the failed pre-push is reached with Tab').toBe(true);
  await expect(kpi(page, 'ETA').locator('[data-value]')).not.toHaveText('Done');
  await expectNoAxeViolations(page);
  await shootBothWidths(page, 'version-blocked');
});

test('during the pre-push phase the page says so, and counts the instances waiting behind it', async ({
  page,
  request,
}) => {
  const { appId, regions } = await firstApp(request);
  const target = regions.slice(-2);
  const file = await pushAndDistribute(
    request,
    appId,
    target.map((r) => r.regionId),
  );
  const waiting = target.reduce((n, r) => n + r.instanceCount, 0);
  await expect
    .poll(async () => (await detailOf(request, appId, file)).coverage?.waiting ?? -1, { timeout: 20_000 })
    .toBe(waiting);
  await page.goto(versionUrl(appId, file));
  await expect(page.getByTestId('prepush-phase')).toContainText('Pre-pushing to 2 regions, 0 of 2 done');
  await expect(page.getByTestId('prepush-phase')).toContainText(`${fmt(waiting)} instances are waiting behind it`);
  await expect(kpi(page, 'Instances targeted').locator('[data-value]')).toHaveText(fmt(waiting));
  await expect(kpi(page, 'ETA').locator('[data-value]')).toHaveText('Waiting');
  await expect(kpi(page, 'In flight')).toContainText(`+ ${fmt(waiting)} waiting for pre-push`);
});

test('instances stuck distributing are stragglers: flagged, and the ETA says it cannot know', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const { appId, regions } = await firstApp(request);
  // A rollout to every region; 500 s on every pre-push has finished and the watcher distributes.
  const rollout = await pushAndDistribute(
    request,
    appId,
    regions.map((r) => r.regionId),
  );
  await advanceClock(500);
  const pushed = async () =>
    (
      await getJson<{ regions: { regionId: string; status: string }[] }>(
        request,
        `/api/apps/${appId}/push-status?${new URLSearchParams(rollout)}`,
      )
    ).regions;
  await expect
    .poll(
      async () => {
        const ready = (await pushed()).filter((r) => r.status === 'SUCCESS').map((r) => r.regionId);
        const reached = new Set((await detailOf(request, appId, rollout)).byRegion.map((r) => r.regionId));
        return ready.length > 0 && ready.every((r) => reached.has(r));
      },
      { timeout: 45_000 },
    )
    .toBe(true);
  // 500 s into the distribution, downloads that will time out (they take their whole 600 s)
  // are still distributing, far beyond their region's median of a minute or two.
  await advanceClock(500);
  let detail: Detail | undefined;
  await expect
    .poll(
      async () => {
        detail = await detailOf(request, appId, rollout);
        return detail.stragglers?.count ?? 0;
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(0);
  const { count, instanceIds } = detail!.stragglers!;
  // Each straggler is distributing per the instances route, for more than 5 minutes of simulated time.
  const { rows } = await instances(request, appId, { ...nv(rollout), status: 'DISTING' });
  const { nowMs } = await sim<{ nowMs: number }>('/__sim/clock', { advanceSeconds: 0 });
  for (const id of instanceIds) {
    const row = rows.find((r) => r.instanceId === id);
    expect(row?.status).toBe('DISTING');
    expect(nowMs - Date.parse(row!.updateTime)).toBeGreaterThan(5 * 60_000);
  }
  await page.goto(versionUrl(appId, rollout, '&status=DISTING'));
  await expect(kpi(page, 'ETA').locator('[data-value]')).toHaveText('Unknown');
  await expect(kpi(page, 'ETA')).toContainText(`ETA unknown: ${fmt(count)} straggler`);
  await expect(page.locator('[data-straggler]').first()).toBeVisible();
});

test('relative times run on the ENS clock: after the simulated clock moves, "In state" is not 0 s', async ({
  page,
  request,
}) => {
  const { appId } = await firstApp(request);
  const { items } = await getJson<{ items: Item[] }>(request, `/api/apps/${appId}/distribution`);
  const v = items.find((i) => i.counts.SUCCESS > 0)!;
  const { nowMs } = await sim<{ nowMs: number }>('/__sim/clock', { advanceSeconds: 3 * 3600 });
  // The server learns ENS's time from its answers' Date header.
  await expect
    .poll(async () => Math.abs(Date.parse((await detailOf(request, appId, v)).ensNow) - nowMs), { timeout: 20_000 })
    .toBeLessThan(60_000);
  await page.goto(versionUrl(appId, v, '&status=SUCCESS&sort=updateTime&order=desc'));
  const { rows } = await instances(request, appId, { ...nv(v), status: 'SUCCESS', sort: 'updateTime', order: 'desc' });
  const first = rows[0]!;
  const row = page.locator('tbody tr').filter({ hasText: first.instanceId });
  // At least the three hours the clock moved: the row's update time is before it.
  const expectedHours = Math.floor((nowMs - Date.parse(first.updateTime)) / 3_600_000);
  expect(expectedHours).toBeGreaterThanOrEqual(3);
  await expect(row.locator('td').last()).toHaveText(
    expectedHours >= 24 ? /\d+ d \d+ h/ : new RegExp(`^${expectedHours} h`),
  );
  await expect(row.locator('td').last()).not.toHaveText('0 s');
});

test('drill-down agrees with itself: counts follow the other filters, filters are chips, the table comes into view', async ({
  page,
  request,
}) => {
  const { appId } = await firstApp(request);
  const { items } = await getJson<{ items: Item[] }>(request, `/api/apps/${appId}/distribution`);
  // A settled version failing in more than one region.
  let target: { item: Item; detail: Detail } | undefined;
  for (const item of items.filter((i) => i.counts.FAILED > 1 && i.counts.DISTING === 0)) {
    const detail = await detailOf(request, appId, item);
    if (detail.byRegion.filter((r) => r.counts.FAILED > 0).length > 1) {
      target = { item, detail };
      break;
    }
  }
  expect(target, 'a version failing in two regions').toBeDefined();
  const { item, detail } = target!;
  const region = [...detail.byRegion].sort((a, b) => b.counts.FAILED - a.counts.FAILED)[0]!.regionId;

  await page.goto(versionUrl(appId, item));
  await page.setViewportSize({ width: 1440, height: 900 });
  // Only the active sort column shows an arrow.
  await expect(page.locator('[data-sort-arrow]')).toHaveCount(1);
  await page.getByRole('button', { name: new RegExp(`^${region}: `) }).click();
  await expect(page).toHaveURL(new RegExp(`region=${region}`));
  // The table it filtered comes into view.
  await expect(page.locator('#instances')).toBeInViewport();
  // The status chips count within the region, as the instances route does.
  const failedInRegion = (await instances(request, appId, { ...nv(item), status: 'FAILED', region })).total;
  await expect(page.getByRole('button', { name: /^Failed \d/ })).toHaveText(`Failed ${fmt(failedInRegion)}`);
  expect(failedInRegion).toBeLessThan(detail.counts.FAILED);
  // Each failure reason's count is what clicking it lists under the region filter.
  const reasons = page.getByRole('region', { name: 'Failure reasons' }).getByRole('button');
  const first = reasons.first();
  const reasonText = (await first.locator('span').first().textContent())!;
  const shown = Number((await first.locator('span').nth(1).textContent())!.replace(/,/g, ''));
  const listed = (await instances(request, appId, { ...nv(item), status: 'FAILED', region, q: reasonText })).total;
  expect(shown).toBe(listed);
  await first.click();
  await expect(page).toHaveURL(/status=FAILED/);
  await expect(page.getByTestId('instance-range')).toContainText(`of ${fmt(listed)} instances`);
  // Every active filter is a chip; one click clears each.
  const chips = page.getByRole('list', { name: 'Active filters' });
  await expect(chips.getByRole('button')).toHaveCount(3);
  await chips.getByRole('button', { name: `Remove the region filter ${region}` }).click();
  await expect(page).not.toHaveURL(new RegExp(`region=${region}`));
  await expect(chips.getByRole('button')).toHaveCount(2);
  const everywhere = (await instances(request, appId, { ...nv(item), status: 'FAILED', q: reasonText })).total;
  await expect(page.getByTestId('instance-range')).toContainText(`of ${fmt(everywhere)} instances`);
  // Sorting by another column moves the one arrow there.
  await page.getByRole('button', { name: 'Region', exact: true }).click();
  await expect(page.locator('[data-sort-arrow]')).toHaveCount(1);
});

test('keyboard and phone: the progress chart adds no tab stop; at 390 px instances are cards', async ({
  page,
  request,
}) => {
  test.setTimeout(150_000);
  const { appId } = await firstApp(request);
  const { items } = await getJson<{ items: Item[] }>(request, `/api/apps/${appId}/distribution`);
  const v = items.find((i) => i.counts.FAILED > 0) ?? items[0]!;
  await page.goto(versionUrl(appId, v));
  const chart = page.getByRole('img', { name: /Instances by status over time/ });
  await expect(chart).toBeVisible({ timeout: 20_000 });
  const stops = await chart.evaluate(
    (el) =>
      [...el.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex]')].filter(
        (e) => e.tabIndex >= 0,
      ).length,
  );
  expect(stops).toBe(0);

  await page.setViewportSize({ width: 390, height: 844 });
  const cards = page.getByTestId('instance-card');
  await expect(cards.first()).toBeVisible();
  const { rows } = await instances(request, appId, { ...nv(v), pageSize: '50' });
  const card = cards.filter({ hasText: rows[0]!.instanceId });
  await expect(card).toContainText(rows[0]!.regionId);
  await expect(card).toContainText('In state');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, 'no sideways scroll at 390 px').toBeLessThanOrEqual(0);
  await expectNoAxeViolations(page);
  await shootBothWidths(page, 'version-cards');
});

test('/apps flags versions failing over the threshold or falling, not every version with one failure', async ({
  page,
  request,
}) => {
  const { apps } = await getJson<{ apps: { appId: string; name: string }[] }>(request, '/api/apps');
  await page.goto('/apps');
  let background = 0;
  for (const app of apps) {
    const { items } = await getJson<{ items: (Item & { trend?: number[] })[] }>(
      request,
      `/api/apps/${app.appId}/distribution`,
    );
    const rate = (i: Item) => (i.total - i.counts.DELETED > 0 ? i.counts.FAILED / (i.total - i.counts.DELETED) : 0);
    const drop = (t?: number[]) => {
      const recent = (t ?? []).slice(-6);
      return recent.length < 2 ? 0 : Math.max(0, Math.max(...recent) - recent.at(-1)!);
    };
    const troubled = items.filter((i) => rate(i) > 0.05 || drop(i.trend) > 0.05).length;
    background += items.filter((i) => i.counts.FAILED > 0).length - troubled;
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: app.name, exact: true }) });
    const badge = card.getByTestId('troubled-badge');
    if (troubled === 0) await expect(badge).toHaveCount(0);
    else await expect(badge).toHaveText(`${troubled} failing over 5.0 %`);
  }
  // The seeded fleet has versions with the usual few failures: they are not flagged.
  expect(background).toBeGreaterThan(0);
});
