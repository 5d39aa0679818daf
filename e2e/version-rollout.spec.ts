import type { APIRequestContext, Page } from '@playwright/test';
import { buildFleet } from '../lib/simulator/fleet';
import type { RolloutView } from '../lib/contracts/rollouts';
import { ACTION_LABELS } from '../features/rollouts/model/rollout-display';
import { advanceClock, expect, expectNoAxeViolations, resetSimulator, simUrl, test } from './fixtures';

/*
 * Acting on a version where a push went partly wrong, and on a version a staged rollout
 * drives, against the built app and the embedded simulator: a failed pre-push region is
 * pushed again from the version page by keyboard, and ENS receives exactly one push to
 * exactly that region; the history's badge of the push that skipped it is not "Sent";
 * a rollout in progress shows on its version's page with its own actions, no free Widen
 * is offered, and the API refuses a person's distribution of the version with 409.
 */

interface Region {
  regionId: string;
  instanceCount: number;
}
interface Detail {
  byRegion: { regionId: string }[];
  coverage: { blocked: number } | null;
}
interface Entry {
  action: string | null;
  actor: string;
  kind: string;
  state: string;
  strategy: { values: string[] }[] | null;
  regions: { regionId: string; distState: string }[];
}
interface SimRecord {
  action: string;
  params: Record<string, string>;
}

// The e2e server's simulator fleet (playwright.config.ts: SIMULATOR_SEED e2e, default size).
const fleet = buildFleet({ seed: 'e2e', instances: 2000, apps: 4, anchorMs: Date.now() });
const unhealthy = new Set([fleet.failingRegionId, ...fleet.flakyRegionIds]);
// The e2e database outlives a run's tests: every file here is of its own.
const run = Date.now().toString(36);

let appId: string;
let regions: Region[];

test.describe.configure({ timeout: 180_000 });

test.beforeEach(async ({ request }) => {
  await resetSimulator();
  appId = (await getJson<{ apps: { appId: string }[] }>(request, '/api/apps')).apps[0]!.appId;
  regions = (await getJson<{ regions: Region[] }>(request, `/api/apps/${appId}/regions`)).regions;
});

test.afterEach(async () => {
  await sim('/__sim/push-failures', { regionIds: [] });
});

async function getJson<T>(request: APIRequestContext, url: string): Promise<T> {
  const response = await request.get(url);
  expect(response.ok(), `${url} answered ${response.status()}`).toBeTruthy();
  return (await response.json()) as T;
}

async function sim(path: string, body: unknown) {
  const response = await fetch(`${simUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.ok, `simulator ${path} answered ${response.status}`).toBe(true);
}

/** Every write the simulator accepted, oldest first, with its parameters as ENS received them. */
async function records(): Promise<SimRecord[]> {
  return ((await (await fetch(`${simUrl}/__sim/records`)).json()) as { records: SimRecord[] }).records;
}

/** The regions a PushApplicationData's PushStrategy names. */
const pushRegions = (params: Record<string, string>) =>
  (JSON.parse(params.PushStrategy ?? '{}') as { parameters?: { values?: string[] } }).parameters?.values ?? [];

const only = (values: string[]) => [{ name: 'ScheduleToRegionId', operator: 'In', values }];
const versionUrl = (name: string, version: string) =>
  `/apps/${appId}/versions?${new URLSearchParams({ name, version })}`;
const entriesOf = async (request: APIRequestContext, name: string, version: string) =>
  (await getJson<{ pushes: Entry[] }>(request, `/api/apps/${appId}/pushes?${new URLSearchParams({ name, version })}`))
    .pushes;

async function snap(page: Page, name: string, parts: string[] = []) {
  if (!process.env.PUSH_SCREENSHOTS) return;
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 1000 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: `screenshots/${name}-${width}.png`, fullPage: true });
    // The parts this spec is about, at full resolution.
    for (const part of parts)
      await page.getByTestId(part).screenshot({ path: `screenshots/${name}-${part}-${width}.png` });
    const overflow = await page.locator('main').evaluate((main) => main.scrollWidth - main.clientWidth);
    expect(overflow, `horizontal overflow at ${width}px in ${name}`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test('a failed pre-push region is pushed again from the version page by keyboard: one push, to that region only, recorded with its actor; the history badge of the push that skipped it is not "Sent"', async ({
  page,
  request,
}) => {
  const sorted = regions.filter((r) => r.instanceCount > 0).sort((a, b) => b.instanceCount - a.instanceCount);
  const [blocked, healthy] = [sorted[0]!, sorted.find((r, i) => i > 0 && !unhealthy.has(r.regionId))!];
  const reason = 'file server disk quota exceeded';
  const name = `retry-prepush-${run}.pak`;
  const version = '1.0';
  await sim('/__sim/push-failures', { regionIds: [blocked.regionId], reason });
  const pushed = await request.post(`/api/apps/${appId}/pushes`, {
    data: {
      data: [
        {
          name,
          version,
          size: 0,
          archiveType: 'tar.gz',
          md5: '',
          url: 'https://artifacts.example.com/r.pak',
          timeout: 600,
        },
      ],
      strategy: only([blocked.regionId, healthy.regionId]),
      distribute: { destPath: '/data/releases', decompress: true, timeout: 600 },
      idempotencyKey: `retry-prepush-${run}`,
    },
  });
  expect(pushed.status(), await pushed.text()).toBe(201);
  await advanceClock(500);

  // The watcher distributes the healthy region and skips the failed one.
  await expect
    .poll(
      async () => {
        const [entry] = await entriesOf(request, name, version);
        return entry?.regions.find((r) => r.regionId === blocked.regionId)?.distState ?? null;
      },
      { timeout: 45_000 },
    )
    .toBe('skipped');
  // From now on the region's file server works again.
  await sim('/__sim/push-failures', { regionIds: [] });

  // The history's badge of that push reflects the skipped region: not a green "Sent".
  await page.goto(`/apps/${appId}/history?${new URLSearchParams({ name, version })}`);
  const entry = page.getByTestId('push-entry').filter({ hasText: name });
  await expect(entry).toHaveCount(1);
  const state = entry.getByTestId('push-state');
  const badge = state.locator('.badge').first();
  await expect(badge).toHaveText('Sent · 1 of 2 regions not distributed');
  await expect(badge).toHaveClass(/warn/);
  await expect(badge).not.toHaveClass(/(^|_)ok(_|\s|$)/);
  await expect(state).toContainText(`Pre-push or distribution failed on ${blocked.regionId}.`);
  await snap(page, 'history-skipped-region');

  // The version page: the region is blocked with its reason, and pushed again by keyboard.
  await page.goto(versionUrl(name, version));
  await expect(page.getByRole('heading', { name: 'Actions', exact: true })).toBeVisible();
  await page.waitForLoadState('networkidle');
  const failedList = page.getByRole('list', { name: 'Regions whose pre-push failed' });
  await expect(failedList).toContainText(`Pre-push failed on ${blocked.regionId}: ${reason}`);
  const open = page.getByRole('button', { name: `Push again to ${blocked.regionId}` });
  await open.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Push again to a failed region' });
  await expect(dialog.getByTestId('prepush-facts')).toContainText(reason);
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  const before = (await records()).length;
  const confirm = dialog.getByRole('button', { name: `Push again to ${blocked.regionId}` });
  await confirm.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('action-done')).toContainText(`Push sent again to ${blocked.regionId}`);

  // ENS received exactly one new push, to exactly that region.
  const sent = (await records()).slice(before).filter((r) => r.action === 'PushApplicationData');
  expect(sent).toHaveLength(1);
  expect(pushRegions(sent[0]!.params)).toEqual([blocked.regionId]);
  expect(JSON.parse(sent[0]!.params.Data ?? '[]')).toEqual([expect.objectContaining({ name, version })]);
  // The history records it, with the person who sent it.
  const [newest] = await entriesOf(request, name, version);
  expect(newest).toMatchObject({ action: 'retry-prepush', actor: 'e2e-admin', state: 'sent' });
  expect(newest!.strategy![0]!.values).toEqual([blocked.regionId]);

  // Its pre-push now succeeds and the watcher distributes the region: nothing is blocked any more.
  await expect
    .poll(
      async () => {
        await advanceClock(120);
        const detail = await getJson<Detail>(
          request,
          `/api/apps/${appId}/distribution/detail?${new URLSearchParams({ name, version })}`,
        );
        return (detail.coverage?.blocked ?? 0) === 0 && detail.byRegion.some((r) => r.regionId === blocked.regionId);
      },
      { timeout: 60_000, intervals: [1000] },
    )
    .toBe(true);
});

async function readRollout(request: APIRequestContext, rolloutId: string): Promise<RolloutView> {
  return getJson<RolloutView>(request, `/api/apps/${appId}/rollouts/${encodeURIComponent(rolloutId)}`);
}

/** Advances the simulator's clock a step at a time until the rollout reaches what `done` asks. */
async function until(request: APIRequestContext, rolloutId: string, done: (view: RolloutView) => boolean) {
  let last: RolloutView | undefined;
  await expect
    .poll(
      async () => {
        last = await readRollout(request, rolloutId);
        if (done(last)) return true;
        await advanceClock(30);
        return false;
      },
      { timeout: 120_000, intervals: [500] },
    )
    .toBe(true);
  return last!;
}

test('a rollout in progress shows on its version page with its state, stage and gate; Widen is its approval, no free action is offered; the API refuses a manual distribution with 409', async ({
  page,
  request,
}) => {
  const healthy = regions
    .filter((r) => r.instanceCount > 0 && !unhealthy.has(r.regionId))
    .sort((a, b) => a.instanceCount - b.instanceCount || a.regionId.localeCompare(b.regionId));
  const [canary, second] = [healthy[0]!, healthy[1]!];
  const name = `version-rollout-${run}.pak`;
  const version = '3.0';
  const created = await request.post(`/api/apps/${appId}/rollouts`, {
    data: {
      data: [
        {
          name,
          version,
          size: 12,
          archiveType: 'tar.gz',
          md5: '',
          url: 'https://files.example.com/v.tar.gz',
          timeout: 600,
        },
      ],
      distribute: { destPath: '/data/releases', decompress: true, timeout: 600 },
      stages: [
        { name: 'canary', strategy: only([canary.regionId]), approval: true, bakeSeconds: 0 },
        { name: 'widen', strategy: only([canary.regionId, second.regionId]), bakeSeconds: 0 },
      ],
      idempotencyKey: `version-rollout-${run}`,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { rolloutId } = (await created.json()) as { rolloutId: string };
  const waiting = await until(request, rolloutId, (v) => v.stages[0]!.state === 'awaiting-approval');

  await page.goto(versionUrl(name, version));
  const panel = page.getByTestId('version-rollout');
  await expect(panel.getByRole('heading', { name: 'Staged rollout' })).toBeVisible();
  await expect(panel.getByTestId('version-rollout-state')).toHaveText('Running');
  await expect(panel.getByTestId('version-rollout-stage')).toHaveText('Stage 1 of 2 (canary): Awaiting approval');
  await expect(panel.getByTestId('version-rollout-gate')).toContainText(waiting.stages[0]!.gate.reason!);
  // Its canary is finished, but the version is not done: a stage is still to come.
  await expect(page.getByTestId('kpi-ETA')).toContainText('Next stage');
  await expect(page.getByTestId('kpi-ETA')).toContainText('1 stage of the rollout to come');
  await expect(panel.getByTestId('version-rollout-link')).toHaveAttribute(
    'href',
    `/apps/${appId}/rollouts/${encodeURIComponent(rolloutId)}`,
  );
  // The rollout page's own actions, exactly those the state admits.
  await expect(panel.getByRole('button')).toHaveText(waiting.actions.map((a) => `${ACTION_LABELS[a]}…`));

  // The version's actions are the rollout's: Widen approves its next stage; nothing acts around it.
  const actions = page.getByRole('region', { name: 'Actions', exact: true });
  await expect(actions.getByTestId('driven-reason')).toContainText(`Staged rollout ${rolloutId} drives this version`);
  await expect(actions.getByRole('button', { name: 'Widen…', exact: true })).toHaveCount(0);
  await expect(actions.getByRole('button', { name: /^Distribute/ })).toHaveCount(0);
  await expect(actions.getByRole('button', { name: 'Clean from regions…' })).toBeDisabled();
  await expect(actions.getByRole('button', { name: 'Clean from regions…' })).toHaveAccessibleDescription(
    /drives this version/,
  );
  const widen = actions.getByRole('button', { name: 'Widen: approve the next stage (widen)…' });
  await expect(widen).toBeEnabled();
  await expectNoAxeViolations(page);
  await snap(page, 'version-rollout-waiting', ['version-rollout', 'version-actions']);

  // A second tab or a script cannot fight the engine: a manual distribution is refused, naming the rollout.
  const writesBefore = (await records()).length;
  const refused = await request.post(`/api/apps/${appId}/distributions`, {
    data: {
      data: [{ name, version, destPath: '/data/releases', decompress: true, timeout: 600 }],
      strategy: only([second.regionId]),
      idempotencyKey: `version-rollout-manual-${run}`,
    },
  });
  expect(refused.status()).toBe(409);
  const { error } = (await refused.json()) as { error: { code: string; message: string } };
  expect(error.code).toBe('RolloutActive');
  expect(error.message).toContain(rolloutId);
  expect((await records()).length).toBe(writesBefore);
  expect(await entriesOf(request, name, version)).toEqual([
    expect.objectContaining({ actor: `engine (rollout ${rolloutId})` }),
    expect.objectContaining({ actor: `engine (rollout ${rolloutId})` }),
  ]);

  // Widen by keyboard: the rollout's approval, with its reason on the rollout's timeline.
  await widen.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Approve?' });
  await dialog.getByLabel('Reason (goes on the timeline)').fill('canary healthy, widening from the version page');
  await dialog.getByRole('button', { name: 'Approve', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(actions.getByTestId('action-done')).toContainText('Approve: done');
  const approved = await readRollout(request, rolloutId);
  expect(approved.stages[0]!.state).toBe('passed');
  expect(approved.timeline.find((e) => e.action === 'approve')).toMatchObject({
    actor: 'e2e-admin',
    action: 'approve',
    reason: 'canary healthy, widening from the version page',
  });
  // The last stage covers every region the rollout will reach: Widen is disabled and says why.
  await expect(panel.getByTestId('version-rollout-stage')).toContainText('Stage 2 of 2 (widen)');
  await expect(actions.getByRole('button', { name: 'Widen…', exact: true })).toBeDisabled();
  await expect(actions.getByTestId('driven-reason')).toContainText('its last stage already covers');
  await snap(page, 'version-rollout-last-stage', ['version-rollout', 'version-actions']);
});
