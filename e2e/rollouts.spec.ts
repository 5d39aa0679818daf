import type { APIRequestContext, Page } from '@playwright/test';
import { buildFleet } from '../lib/simulator/fleet';
import type { RolloutView } from '../lib/contracts/rollouts';
import { advanceClock, expect, expectNoAxeViolations, simUrl, test } from './fixtures';
import { fillFileRow, regionCheckbox, resetAndReadFirstApp, snapBothWidths, type App, type Region } from './steps';

/*
 * Staged rollouts through the browser against the built app and the embedded simulator:
 * a plan built from a template passes its canary, bakes on the simulator's clock, waits
 * for an approval and finishes; another includes the simulator's failing region, halts
 * at its gate, says why on screen with the API's numbers, and is rolled back.
 */

// The e2e server's simulator fleet (playwright.config.ts: SIMULATOR_SEED e2e, default size).
const fleet = buildFleet({ seed: 'e2e', instances: 2000, apps: 4, anchorMs: Date.now() });
const unhealthy = new Set([fleet.failingRegionId, ...fleet.flakyRegionIds]);

// Unique per run: one active rollout per file name, and a reused server keeps its database.
const run = Date.now().toString(36);
const okFile = `staged-ok-${run}`;
const badFile = `staged-bad-${run}`;

let app: App;
let regions: Region[];

// Each test drives a rollout through several engine sweeps and screenshots at two widths.
test.describe.configure({ timeout: 180_000 });

test.beforeEach(async ({ request }) => {
  ({ app, regions } = await resetAndReadFirstApp(request));
});

const snap = (page: Page, name: string) => snapBothWidths(page, `rollout-${name}`);

const stageCard = (page: Page, n: number) => page.getByTestId('plan-stage').nth(n - 1);
const regionBox = (page: Page, stage: number, regionId: string) => regionCheckbox(stageCard(page, stage), regionId);

async function openStaged(page: Page, fileName: string) {
  await page.goto(`/apps/${app.appId}/push`);
  await page.getByRole('radio', { name: /Staged rollout/ }).check();
  await expect(page.getByRole('heading', { name: '3. Stages' })).toBeVisible();
  const row = page.getByRole('group', { name: 'File 1', exact: true });
  await fillFileRow(row, fileName, `https://files.example.com/${fileName}-2.0.tar.gz`);
}

async function useTemplate(page: Page, template: string, canary: string) {
  await page.getByRole('combobox', { name: 'Template', exact: true }).selectOption({ label: template });
  await page.getByRole('combobox', { name: 'Canary region' }).selectOption(canary);
  await page.getByRole('button', { name: 'Use template' }).click();
}

async function start(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Review and start rollout…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Start the staged rollout?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Start rollout' }).click();
  await page.waitForURL(new RegExp(`/apps/${app.appId}/rollouts/[^/?]+$`));
  return decodeURIComponent(new URL(page.url()).pathname.split('/').at(-1)!);
}

async function readRollout(request: APIRequestContext, rolloutId: string): Promise<RolloutView> {
  const response = await request.get(`/api/apps/${app.appId}/rollouts/${encodeURIComponent(rolloutId)}`);
  expect(response.status()).toBe(200);
  return (await response.json()) as RolloutView;
}

/** Advances the simulator's clock a step at a time until the rollout reaches what `done` asks. */
async function until(
  request: APIRequestContext,
  rolloutId: string,
  done: (view: RolloutView) => boolean,
  stepSeconds = 30,
): Promise<RolloutView> {
  let last: RolloutView | undefined;
  await expect
    .poll(
      async () => {
        last = await readRollout(request, rolloutId);
        if (done(last)) return true;
        await advanceClock(stepSeconds);
        return false;
      },
      { timeout: 90_000, intervals: [500] },
    )
    .toBe(true);
  return last!;
}

interface SimRecord {
  action: string;
  params: Record<string, string>;
}

/** The writes the simulator accepted that concern one data file. */
async function writesOf(fileName: string): Promise<SimRecord[]> {
  const { records } = (await (await fetch(`${simUrl}/__sim/records`)).json()) as { records: SimRecord[] };
  return records.filter((r) => JSON.stringify(r.params).includes(fileName));
}

async function act(page: Page, action: string, reason: string) {
  await page.getByRole('button', { name: `${action}…` }).click();
  const dialog = page.getByRole('dialog', { name: `${action}?` });
  await dialog.getByLabel('Reason (goes on the timeline)').fill(reason);
  await dialog.getByRole('button', { name: action, exact: true }).click();
  await expect(dialog).toBeHidden();
}

test('a two-stage plan from a template passes its canary, bakes, waits for approval and finishes', async ({
  page,
  request,
  browser,
}) => {
  const healthy = regions
    .filter((r) => r.instanceCount > 0 && !unhealthy.has(r.regionId))
    .sort((a, b) => a.instanceCount - b.instanceCount || a.regionId.localeCompare(b.regionId));
  const [canary, second] = [healthy[0]!, healthy[1]!];

  await openStaged(page, okFile);
  await useTemplate(page, 'Canary region → all', canary.regionId);
  await expect(page.getByTestId('plan-stage')).toHaveCount(2);
  await expect(regionBox(page, 1, canary.regionId)).toBeChecked();
  // The second stage widens by one healthy region instead of every region.
  await stageCard(page, 2)
    .getByRole('checkbox', { name: /Every region of the application/ })
    .uncheck();
  await expect(regionBox(page, 2, canary.regionId)).toBeDisabled();
  await regionBox(page, 2, second.regionId).check();
  await stageCard(page, 1).getByLabel('Wait for a person to approve before the next stage').check();
  await stageCard(page, 2).getByLabel('Bake (s)').fill('0');

  const total = regions.reduce((n, r) => n + r.instanceCount, 0);
  await expect(stageCard(page, 1).getByTestId('stage-impact')).toContainText(
    `Adds ${canary.instanceCount} instances in 1 region`,
  );
  await expect(stageCard(page, 2).getByTestId('stage-impact')).toContainText(
    `Adds ${second.instanceCount} instances in 1 region · cumulative ${canary.instanceCount + second.instanceCount} of ${total.toLocaleString('en-US')}`,
  );
  const calls = page.getByTestId('ens-calls');
  await expect(calls).toContainText(
    `Stage 1 (canary): PushApplicationData of ${okFile} to 1 region: ${canary.regionId}.`,
  );
  await expect(calls).toContainText(
    `Stage 2 (all): PushApplicationData of ${okFile} to 1 new region (${second.regionId}), sent while stage 1 bakes`,
  );
  await expect(calls).toContainText('Stage 1 (canary): waits for a person to approve.');
  await expect(calls).toContainText('Stage 1 (canary): bake 10 min');
  await expectNoAxeViolations(page);
  await snap(page, 'plan');

  const rolloutId = await start(page);
  await expect(page.getByRole('heading', { name: `Staged rollout of ${okFile} @ 2.0` })).toBeVisible();
  const created = await readRollout(request, rolloutId);
  expect(created.stages[0]!.regions).toEqual([canary.regionId]);
  expect([...created.stages[1]!.regions].sort()).toEqual([canary.regionId, second.regionId].sort());

  // Stage 1 distributes and passes, then bakes on ENS's clock.
  const baking = await until(request, rolloutId, (v) => v.stages[0]!.state === 'baking');
  await expect(page.getByTestId('strip-stage').first()).toContainText('Baking');
  await expect(page.getByTestId('countdown-bake')).toBeVisible();
  const gate = baking.stages[0]!.gate;
  await expect(page.getByTestId('gate-card-finished')).toContainText(
    `${gate.finished} of ${baking.stages[0]!.population}`,
  );
  await expect(page.getByTestId('gate-reason')).toContainText(gate.reason!);
  await expectNoAxeViolations(page);
  await snap(page, 'baking');

  // The bake ends on the simulator's clock; the stage then waits for a person.
  await until(request, rolloutId, (v) => v.stages[0]!.state === 'awaiting-approval', 120);
  await expect(page.getByTestId('current-stage')).toContainText('Awaiting approval');
  // The e2e server allows self-approval (ALLOW_SELF_APPROVAL), so the creator is offered it too;
  // here another person approves, who holds the approver role only and is offered nothing else.
  await expect(page.getByRole('button', { name: 'Approve…' })).toBeVisible();
  const approverContext = await browser.newContext({
    extraHTTPHeaders: { 'x-forwarded-user': 'e2e-approver', 'x-forwarded-groups': 'e2e-approvers' },
  });
  const approver = await approverContext.newPage();
  await approver.goto(page.url());
  await expect(approver.getByRole('region', { name: 'Actions' }).getByRole('button')).toHaveText(['Approve…']);
  await act(approver, 'Approve', 'canary looked healthy for the whole bake');
  await approverContext.close();

  const done = await until(request, rolloutId, (v) => v.state === 'succeeded');
  await expect(page.getByTestId('rollout-state')).toHaveText('Succeeded');
  await expect(page.getByTestId('strip-stage')).toHaveCount(2);
  const timeline = page.getByTestId('timeline');
  await expect(timeline).toContainText('canary looked healthy for the whole bake');
  expect(done.timeline.some((e) => e.reason === 'canary looked healthy for the whole bake')).toBe(true);
  // ENS received one push and one distribution per stage, each to exactly the regions the stage adds.
  const writes = await writesOf(okFile);
  const to = (action: string) =>
    writes
      .filter((w) => w.action === action)
      .map((w) => [canary.regionId, second.regionId].filter((r) => JSON.stringify(w.params).includes(r)));
  expect(to('PushApplicationData')).toEqual([[canary.regionId], [second.regionId]]);
  expect(to('DistApplicationData')).toEqual([[canary.regionId], [second.regionId]]);
  await expectNoAxeViolations(page);
  await snap(page, 'succeeded');
});

test('a stage with the failing region halts at its gate, says why, and is rolled back', async ({ page, request }) => {
  const failing = regions.find((r) => r.regionId === fleet.failingRegionId);
  expect(failing, 'every app has instances in the failing region').toBeDefined();

  await openStaged(page, badFile);
  await useTemplate(page, 'Canary region → all', failing!.regionId);
  // A strict gate: any confirmed failure of the canary stops it.
  await stageCard(page, 1).getByLabel('Min. finished').fill('1');
  await stageCard(page, 1).getByLabel('Max. failed', { exact: true }).fill('1');
  await stageCard(page, 1).getByLabel('Max. failed %').fill('0');
  const rolloutId = await start(page);

  const halted = await until(request, rolloutId, (v) => v.state === 'halted');
  const stage = halted.stages[0]!;
  expect(stage.gate.verdict).toBe('breach');
  // The explanation on screen is the API's, numbers included.
  await expect(page.getByTestId('rollout-state')).toHaveText('Halted');
  await expect(page.getByTestId('gate-reason')).toContainText(stage.gate.reason!);
  if (halted.stopReason) await expect(page.getByTestId('stop-reason')).toHaveText(halted.stopReason);
  await expect(page.getByTestId('gate-card-failed')).toContainText(String(stage.gate.failed));
  await expect(page.getByTestId('gate-card-breaches')).toContainText(`${stage.gate.consecutiveBreaches} of 2`);
  // The second stage's regions were never touched.
  expect(halted.stages[1]!.state).toBe('pending');
  const link = page.getByTestId('stage-version-link').first();
  await expect(link).toHaveAttribute(
    'href',
    `/apps/${app.appId}/versions?name=${badFile}&version=2.0&region=${encodeURIComponent(failing!.regionId)}`,
  );
  await expectNoAxeViolations(page);
  await snap(page, 'halted');

  // "Waiting for you" lists the halted rollout, with a link, on /apps and on the application's overview.
  for (const where of ['/apps', `/apps/${app.appId}`]) {
    await page.goto(where);
    const box = page.getByTestId('waiting-for-you');
    await expect(box.getByRole('heading')).toHaveText(/^Waiting for you \(\d+\)$/);
    const item = box.getByRole('listitem').filter({ hasText: badFile });
    await expect(item).toContainText('Halted');
    await expect(item.getByRole('link')).toHaveAttribute(
      'href',
      `/apps/${app.appId}/rollouts/${encodeURIComponent(rolloutId)}`,
    );
    await expectNoAxeViolations(page);
    await snap(page, where === '/apps' ? 'waiting-apps' : 'waiting-overview');
  }
  await page.goto(`/apps/${app.appId}/rollouts/${encodeURIComponent(rolloutId)}`);

  await page.getByRole('button', { name: 'Roll back…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Roll back?' });
  const preview = (await (
    await request.get(`/api/apps/${app.appId}/rollouts/${encodeURIComponent(rolloutId)}/rollback-preview`)
  ).json()) as { regions: { regionId: string; instances: string[] }[] };
  await expect(dialog.getByTestId('rollback-preview')).toContainText(
    `${preview.regions[0]!.regionId}: ${preview.regions[0]!.instances.length} instance`,
  );
  // No reason, no rollback.
  await dialog.getByRole('button', { name: 'Roll back', exact: true }).click();
  await expect(dialog.getByText('reason is required: say why, it goes on the timeline')).toBeVisible();
  await expectNoAxeViolations(page);
  await snap(page, 'rollback-dialog');
  await dialog.getByLabel('Reason (goes on the timeline)').fill('canary region failing, restore the previous version');
  await dialog.getByRole('button', { name: 'Roll back', exact: true }).click();
  await expect(dialog).toBeHidden();

  // The rollback is sent: the new version is cleaned from the failing region (its instances had no earlier one).
  const rolling = await until(request, rolloutId, (v) => v.timeline.some((e) => e.action === 'rollback-sent'), 5);
  expect(['rolling-back', 'rolled-back']).toContain(rolling.state);
  await expect(page.getByTestId('timeline')).toContainText('canary region failing, restore the previous version');
  await expect(page.getByTestId('timeline')).toContainText(
    rolling.timeline.find((e) => e.action === 'rollback-sent')!.reason,
  );
  // One push and one distribution, both for the canary: stage 2 (every region) was never touched.
  const writes = await writesOf(badFile);
  expect(writes.map((w) => w.action)).toEqual(['PushApplicationData', 'DistApplicationData', 'CleanDistData']);
  expect(writes.at(-1)!.params.EnsRegionId).toBe(failing!.regionId);
  // The rollback is judged by the same gate: verified once the cleaned instances settle.
  const verified = await until(request, rolloutId, (v) => v.state === 'rolled-back', 5);
  expect(verified.timeline.at(-1)!.action).toBe('rolled-back');
  await expect(page.getByText('Rolled back', { exact: true })).toBeVisible({ timeout: 30_000 });
  await snap(page, 'rolled-back');
});
