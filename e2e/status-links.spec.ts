import type { APIRequestContext } from '@playwright/test';
import { advanceClock, clearFaults, expect, resetSimulator, test } from './fixtures';
import { shootBothWidths } from './steps';

/*
 * Status links tell the whole story: a version finished before the server started
 * shows its rollout rebuilt from ENS's timestamps; a link pinned to a moment shows
 * that moment; the badge and the unfurl image carry the version's state.
 */

interface Counts {
  SUCCESS: number;
  DISTING: number;
  FAILED: number;
  POD_RESTARTING: number;
  DELETED: number;
}
interface Item {
  name: string;
  version: string;
  total: number;
  counts: Counts;
}
interface History {
  series: { t: number; counts: Counts; source: string }[];
}

const fmt = (n: number) => new Intl.NumberFormat('en-US').format(n);
const inFlight = (c: Counts) => c.DISTING + c.POD_RESTARTING;
const nv = (v: { name: string; version: string }) =>
  new URLSearchParams({ name: v.name, version: v.version }).toString();

async function getJson<T>(request: APIRequestContext, url: string): Promise<T> {
  const response = await request.get(url);
  expect(response.ok(), `${url} answered ${response.status()}`).toBeTruthy();
  return (await response.json()) as T;
}

/** A seeded version that finished (before this server started) with some failures. */
async function finishedWithFailures(request: APIRequestContext): Promise<{ appId: string; item: Item }> {
  const { apps } = await getJson<{ apps: { appId: string }[] }>(request, '/api/apps');
  for (const app of apps) {
    const { items } = await getJson<{ items: Item[] }>(request, `/api/apps/${app.appId}/distribution`);
    const item = items.find((i) => inFlight(i.counts) === 0 && i.counts.FAILED > 0 && i.counts.SUCCESS > 0);
    if (item) return { appId: app.appId, item };
  }
  throw new Error('no seeded version finished with failures');
}

test.beforeEach(async () => {
  await resetSimulator();
  await clearFaults();
});

test('a version finished before the server started shows its whole rollout, ending at the API’s counts', async ({
  page,
  request,
}) => {
  const { appId, item } = await finishedWithFailures(request);
  await page.goto(`/apps/${appId}/versions?${nv(item)}`);
  const detail = await getJson<{ counts: Counts }>(request, `/api/apps/${appId}/distribution/detail?${nv(item)}`);
  const chart = page.getByRole('img', { name: /^Instances by status over time/ });
  // From the first view: no "not enough points", a rebuilt curve ending at the current counts.
  await expect(page.getByText('Not enough points yet')).toHaveCount(0);
  await expect(chart).toHaveAttribute(
    'aria-label',
    new RegExp(
      `ending at ${fmt(detail.counts.SUCCESS)} success, ${fmt(detail.counts.FAILED)} failed, ${fmt(inFlight(detail.counts))} in flight, ${fmt(detail.counts.DELETED)} deleted, .*rebuilt from ENS timestamps`,
    ),
  );
  expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(2);
  await expect(page.getByTestId('reconstruction-note')).toContainText('failed and later succeeded');
  await expect(page.getByTestId('time-to-50')).not.toHaveText('not reached');
  // The failure rate over time, drawn on the page's own first load (no chart library fetched), ends at the API's rate.
  const rate = Math.round((detail.counts.FAILED / (detail.counts.FAILED + detail.counts.SUCCESS)) * 1000) / 10;
  const failureChart = page.getByRole('img', { name: `Failure rate over time, last ${rate} %` });
  await expect(failureChart.locator('svg path')).toHaveAttribute('d', /^M[\d.]+,[\d.]+(H[\d.]+V[\d.]+)+$/);
  expect(Number(await failureChart.locator('[data-points]').getAttribute('data-points'))).toBeGreaterThan(1);
  await shootBothWidths(page, 'status-links-version');
});

test('a link pinned to a moment shows the version as it stood then, labelled as a past view', async ({
  page,
  request,
}) => {
  const { appId, item } = await finishedWithFailures(request);
  const since = Date.now();
  await page.goto(`/apps/${appId}/versions?${nv(item)}`);
  // The simulator was reset before this test, and its seeded rollouts moved to the reset's
  // time. Until the server has read the version since then, the history it rebuilds is of
  // the rows before the reset, seconds apart from the page's own a moment later.
  await expect
    .poll(async () => {
      const { fetchedAt } = await getJson<{ fetchedAt: string | number }>(
        request,
        `/api/apps/${appId}/distribution/detail?${nv(item)}`,
      );
      return typeof fetchedAt === 'number' ? fetchedAt : Date.parse(fetchedAt);
    })
    .toBeGreaterThan(since);
  const history = await getJson<History>(request, `/api/apps/${appId}/distribution/history?${nv(item)}`);
  // A moment mid-rollout: some instances had succeeded, not all that have now.
  const mid = history.series.find(
    (p) => p.counts.SUCCESS > 0 && p.counts.SUCCESS < item.counts.SUCCESS && p.source === 'reconstructed',
  );
  expect(mid, 'a rebuilt point mid-rollout').toBeDefined();
  const at = new Date(Math.floor(mid!.t / 1000) * 1000 + 999).toISOString().replace(/\.\d+Z$/, 'Z');
  const atMs = Date.parse(at);
  const expected = history.series.filter((p) => p.t <= atMs).at(-1)!.counts;

  // The copy button offers the pinned link.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy link pinned to now' }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(new URL(copied).searchParams.get('at')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

  await page.goto(`/apps/${appId}/versions?${nv(item)}&at=${encodeURIComponent(at)}`);
  await expect(page.getByTestId('past-view')).toContainText('Past view');
  await expect(page.getByTestId('kpi-Failed').locator('[data-value]')).toHaveText(fmt(expected.FAILED));
  await expect(page.getByTestId('kpi-Success')).toContainText(`${fmt(expected.SUCCESS)} instances`);
  await expect(page.getByTestId('kpi-In flight').locator('[data-value]')).toHaveText(fmt(inFlight(expected)));
  await shootBothWidths(page, 'status-links-pinned');

  // An unreadable `at` says so and shows the live view.
  await page.goto(`/apps/${appId}/versions?${nv(item)}&at=yesterday`);
  await expect(page.getByRole('alert').filter({ hasText: 'not an ISO time' })).toBeVisible();
  await expect(page.getByTestId('kpi-Failed').locator('[data-value]')).toHaveText(fmt(item.counts.FAILED));
});

test('the badge of a version with failures says so', async ({ request }) => {
  const { appId, item } = await finishedWithFailures(request);
  const response = await request.get(`/api/apps/${appId}/badge.svg?${nv(item)}`);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toMatch(/^image\/svg\+xml/);
  const svg = await response.text();
  expect(svg).toContain(`${fmt(item.counts.FAILED)} failed`);
});

test('the version page unfurls: og:image is a signed PNG of the status that needs no session', async ({
  page,
  request,
  playwright,
}) => {
  const { appId, item } = await finishedWithFailures(request);
  await page.goto(`/apps/${appId}/versions?${nv(item)}`);
  const og = await page.locator('meta[property="og:image"]').first().getAttribute('content');
  expect(og).toContain(`/api/apps/${appId}/status.png?`);
  expect(new URL(og!).searchParams.get('sig')).toMatch(/^[\w-]{43}$/);
  await expect(page.locator('meta[name="twitter:image"]').first()).toHaveAttribute('content', og!);
  await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute('content', 'summary_large_image');

  // The chat app's crawler: no session, no proxy identity, just the URL.
  const crawler = await playwright.request.newContext({ extraHTTPHeaders: {} });
  const image = await crawler.get(og!);
  expect(image.status()).toBe(200);
  expect(image.headers()['content-type']).toBe('image/png');
  const body = await image.body();
  // A PNG, 1200×630 (IHDR), of a size a chat app accepts.
  expect(body.subarray(1, 4).toString()).toBe('PNG');
  expect([body.readUInt32BE(16), body.readUInt32BE(20)]).toEqual([1200, 630]);
  expect(body.length).toBeGreaterThan(10_000);
  expect(body.length).toBeLessThan(1_000_000);

  // Tampered with (another version, a later expiry, a changed signature) or unsigned: refused.
  const altered = (key: string, value: string | null) => {
    const url = new URL(og!);
    if (value === null) url.searchParams.delete(key);
    else url.searchParams.set(key, value);
    return url.href;
  };
  const sig = new URL(og!).searchParams.get('sig')!;
  for (const url of [
    altered('version', `${item.version}.1`),
    altered('exp', String(Number(new URL(og!).searchParams.get('exp')) + 86_400)),
    altered('sig', (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1)),
  ]) {
    expect((await crawler.get(url)).status(), url).toBe(403);
  }
  const unsigned = new URL(og!);
  unsigned.searchParams.delete('exp');
  unsigned.searchParams.delete('sig');
  expect((await crawler.get(unsigned.href)).status()).toBe(401);
  await crawler.dispose();

  await page.setViewportSize({ width: 1200, height: 630 });
  await page.goto(new URL(og!).pathname + new URL(og!).search);
  await page.screenshot({ path: 'screenshots/status-links-unfurl.png' });
});

test('Copy badge copies Markdown whose signed badge opens without a session', async ({ page, request, playwright }) => {
  const { appId, item } = await finishedWithFailures(request);
  await page.goto(`/apps/${appId}/versions?${nv(item)}`);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy badge' }).click();
  await expect(page.getByRole('button', { name: 'Badge copied' })).toBeVisible();
  const markdown = await page.evaluate(() => navigator.clipboard.readText());
  const match = /^\[!\[Rollout status\]\((\S+)\)\]\((\S+)\)$/.exec(markdown);
  expect(match, markdown).not.toBeNull();
  const [, badge, link] = match!;
  expect(new URL(link!).pathname).toBe(`/apps/${appId}/versions`);
  expect(new URL(badge!).pathname).toBe(`/api/apps/${appId}/badge.svg`);

  const wiki = await playwright.request.newContext({ extraHTTPHeaders: {} });
  const response = await wiki.get(badge!);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toMatch(/^image\/svg\+xml/);
  expect(await response.text()).toContain(`${fmt(item.counts.FAILED)} failed`);
  const tampered = new URL(badge!);
  tampered.searchParams.set('name', `${item.name}.old`);
  expect((await wiki.get(tampered.href)).status()).toBe(403);
  await wiki.dispose();
});

test('needs attention lists a version the test made fail, linking to its failed instances', async ({
  page,
  request,
}) => {
  const { apps } = await getJson<{ apps: { appId: string }[] }>(request, '/api/apps');
  const appId = apps[0]!.appId;
  const file = { name: 'attention-e2e.tar.gz', version: `fail-${Date.now().toString(36)}` };
  const response = await request.post(`/api/apps/${appId}/pushes`, {
    headers: { 'x-forwarded-user': 'ana@example.com' },
    data: {
      data: [
        {
          ...file,
          size: 1048576,
          archiveType: 'tar.gz',
          md5: '0123456789abcdef0123456789abcdef',
          url: 'https://artifacts.example.com/a.tar.gz',
          timeout: 600,
        },
      ],
      strategy: null,
      idempotencyKey: `attention-${file.version}`,
      distribute: { destPath: '/data/releases', decompress: true, timeout: 600 },
    },
  });
  expect(response.status()).toBe(201);
  // Simulated time moves the pre-push, then the distributions, on: failing regions fail some instances.
  await expect
    .poll(
      async () => {
        await advanceClock(300);
        const detail = await request.get(`/api/apps/${appId}/distribution/detail?${nv(file)}`);
        return detail.ok() ? ((await detail.json()) as { counts: Counts }).counts.FAILED : 0;
      },
      { timeout: 50_000, intervals: [1_000] },
    )
    .toBeGreaterThan(0);

  const line = page
    .getByTestId('needs-attention')
    .locator('li[data-cause="failures-rising"]')
    .filter({ hasText: `${file.name} @ ${file.version}` });
  // The application cards' scan is reused for a few seconds; reload until it includes the failures.
  await expect
    .poll(
      async () => {
        await page.goto('/apps');
        return line.count();
      },
      { timeout: 50_000, intervals: [2_000] },
    )
    .toBe(1);
  await expect(line).toContainText('failed in the last 15 min');
  await shootBothWidths(page, 'status-links-attention');
  await line.getByRole('link').click();
  await expect(page).toHaveURL(/status=FAILED/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(file.name);
});
