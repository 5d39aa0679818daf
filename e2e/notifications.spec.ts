import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { buildFleet } from '../lib/simulator/fleet';
import { paths } from '../lib/paths';
import { APP_PORT } from '../playwright.config';
import { advanceClock, expect, simUrl, test } from './fixtures';

/*
 * A webhook channel configured in the settings page, pointing at a receiver this test
 * runs on loopback (WEBHOOK_ALLOWED_HOSTS in playwright.config.ts), then a rollout
 * whose second stage includes the simulator's failing region: the halt message must
 * arrive once, signed, with the gate's numbers and a link to the rollout.
 */

interface Message {
  id: string;
  type: string;
  link?: string;
  text?: string;
  rollout?: { id: string; state: string; stage: string | null };
  gate?: { failed: number; finished: number; failureLimit: number; population: number | null; sentence: string };
  events?: Message[];
}

const SECRET = `e2e-${randomBytes(8).toString('hex')}`;
let server: Server;
let receiverUrl: string;
const messages: Message[] = [];
let badSignatures = 0;

test.beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString();
      const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(req.headers['x-signature'] ?? ''));
      const expected = match ? createHmac('sha256', SECRET).update(`${match[1]}.${raw}`).digest() : null;
      if (!match || !expected || !timingSafeEqual(Buffer.from(match[2]!, 'hex'), expected)) {
        badSignatures++;
        res.writeHead(401).end();
        return;
      }
      messages.push(JSON.parse(raw) as Message);
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ens-hook`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

/** Every message of a type, digests opened. */
const ofType = (type: string, rolloutId: string) =>
  messages
    .flatMap((m) => (m.type === 'digest' ? (m.events ?? []) : [m]))
    .filter((m) => m.type === type && m.rollout?.id === rolloutId);

async function snap(page: Page, name: string) {
  if (!process.env.PUSH_SCREENSHOTS) return;
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(150);
    await page.screenshot({ path: `screenshots/notifications-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 720 });
}

test('a rollout that halts sends one signed halt message with the gate numbers and a working link', async ({
  page,
}) => {
  test.setTimeout(240_000);
  // The e2e simulator's fleet (seed, size: playwright.config.ts and the config defaults).
  const fleet = buildFleet({ seed: 'e2e', instances: 2000, apps: 4, anchorMs: Date.now() });
  const failing = fleet.failingRegionId;
  const healthyIds = new Set(fleet.regions.filter((r) => r.profile.health === 'healthy').map((r) => r.id));
  const regionsOf = async (appId: string) => {
    const response = await page.request.get(paths.api.regions(appId));
    expect(response.ok()).toBe(true);
    return ((await response.json()) as { regions: { regionId: string; instanceCount?: number }[] }).regions;
  };
  let appId = '';
  let healthy = '';
  let most = 0;
  for (const app of fleet.apps) {
    const regions = await regionsOf(app.id);
    const ok = regions
      .filter((r) => healthyIds.has(r.regionId) && (r.instanceCount ?? 0) >= 3)
      .sort((a, b) => (b.instanceCount ?? 0) - (a.instanceCount ?? 0))[0];
    const inFailing = regions.find((r) => r.regionId === failing)?.instanceCount ?? 0;
    if (ok && inFailing > most) {
      appId = app.id;
      healthy = ok.regionId;
      most = inFailing;
    }
  }
  expect(appId, 'an application with instances in the failing region').not.toBe('');

  // An admin adds the channel in the settings page, and its test arrives.
  await page.goto(paths.app(appId));
  await page.getByRole('link', { name: 'Notifications' }).click();
  await expect(page.getByRole('heading', { name: 'Notifications', level: 1 })).toBeVisible();
  await page.getByLabel('Kind').selectOption('webhook');
  await page.getByLabel('URL').fill(receiverUrl);
  await page.getByLabel('Signing secret (optional)').fill(SECRET);
  await page.getByLabel('Name (optional)').fill('release automation');
  await page.getByRole('button', { name: 'Add channel' }).click();
  const row = page.getByTestId('channel-row').filter({ hasText: 'release automation' });
  await expect(row).toBeVisible();
  await expect(row).toContainText('signed');
  await expect(page.locator('body')).not.toContainText(SECRET);
  await row.getByRole('button', { name: 'Send a test to release automation' }).click();
  await expect(row.getByTestId('test-outcome')).toContainText('Delivered (HTTP 200');
  await expect(page.getByTestId('delivery-row').first()).toContainText('sent (test)');
  expect(messages.filter((m) => m.type === 'test')).toHaveLength(1);
  await snap(page, 'settings');

  // A rollout whose second stage includes the failing region. That node also fails a
  // quarter of pre-pushes, which halts without a gate verdict: then abort and try again.
  const startRollout = async () => {
    const version = `e2e-${randomBytes(3).toString('hex')}`;
    const created = await page.request.post(paths.api.rollouts(appId), {
      data: {
        idempotencyKey: `notify-${version}`,
        data: [
          {
            name: 'notify.pak',
            version,
            size: 1024,
            archiveType: 'tar.gz',
            md5: '',
            url: 'https://files.example.com/notify.pak',
            timeout: 1800,
          },
        ],
        distribute: { destPath: '/root/installed', decompress: true, timeout: 1800 },
        stages: [
          {
            name: 'canary',
            strategy: [{ name: 'ScheduleToRegionId', operator: 'In', values: [healthy] }],
            bakeSeconds: 0,
          },
          {
            name: 'with-failing',
            strategy: [{ name: 'ScheduleToRegionId', operator: 'In', values: [healthy, failing] }],
            // The failing node holds few of the app's instances: judge on a few finished ones.
            gate: { minFinished: 3 },
            bakeSeconds: 0,
          },
        ],
      },
    });
    expect(created.status()).toBe(201);
    return ((await created.json()) as { rolloutId: string }).rolloutId;
  };

  let rolloutId = '';
  for (let attempt = 0; attempt < 6; attempt++) {
    rolloutId = await startRollout();
    // ENS time moves on; the leader sweeps, judges and sends every second.
    await expect
      .poll(
        async () => {
          await advanceClock(30);
          return ofType('rollout.halted', rolloutId).length;
        },
        { timeout: 120_000, intervals: [1_500] },
      )
      .toBeGreaterThan(0);
    if (ofType('rollout.halted', rolloutId)[0]?.gate) break;
    const aborted = await page.request.post(paths.api.rolloutAction(appId, rolloutId, 'abort'), {
      data: { reason: 'the pre-push failed; trying again for a gate verdict' },
    });
    expect(aborted.status()).toBe(200);
  }

  // Nothing more arrives for it over a few more ticks: exactly once.
  for (let i = 0; i < 4; i++) {
    await advanceClock(30);
    await page.waitForTimeout(1_200);
  }
  const halts = ofType('rollout.halted', rolloutId);
  expect(halts).toHaveLength(1);
  expect(badSignatures).toBe(0);
  const halt = halts[0]!;

  // The numbers are the gate's, as the rollout shows them.
  const viewResponse = await page.request.get(paths.api.rollout(appId, rolloutId));
  const view = (await viewResponse.json()) as {
    state: string;
    stages: { name: string; gate: { failed: number; finished: number; failureLimit: number; reason: string | null } }[];
  };
  expect(view.state).toBe('halted');
  const stage = view.stages[1]!;
  expect(halt.rollout).toMatchObject({ id: rolloutId, state: 'halted', stage: 'with-failing' });
  expect(halt.gate, `${halt.text}`).toBeDefined();
  expect(halt.gate).toMatchObject({
    failed: stage.gate.failed,
    finished: stage.gate.finished,
    failureLimit: stage.gate.failureLimit,
    sentence: stage.gate.reason,
  });
  expect(halt.gate!.failed).toBeGreaterThanOrEqual(halt.gate!.failureLimit);
  expect(halt.text).toMatch(/^Stage with-failing halted: \d+ of \d+ finished instances failed/);

  // The link is this dashboard's rollout page.
  const link = new URL(halt.link!);
  expect(link.pathname).toBe(paths.rollout(appId, rolloutId));
  expect(link.port).toBe(String(APP_PORT));
  const opened = await page.request.get(`/api${link.pathname}`);
  expect(opened.status()).toBe(200);
  const pageResponse = await page.goto(halt.link!);
  expect(pageResponse?.status()).toBe(200);
  await expect(page.locator('main')).toContainText('with-failing');

  // The delivery log shows it.
  await page.goto(paths.notificationSettings(appId));
  await page.getByRole('button', { name: 'Delivery log' }).first().click();
  await expect(
    page
      .getByTestId('delivery-row')
      .filter({ hasText: `${rolloutId}.` })
      .first(),
  ).toBeVisible();
  await snap(page, 'log');
});

test("a version's failures rising sharply sends one message with the numbers of that moment", async ({ page }) => {
  test.setTimeout(180_000);
  const appId = buildFleet({ seed: 'e2e', instances: 2000, apps: 4, anchorMs: Date.now() }).apps[0]!.id;
  const regions = await (await page.request.get(paths.api.regions(appId))).json();
  const regionIds = (regions as { regions: { regionId: string }[] }).regions.map((r) => r.regionId);
  expect(regionIds.length).toBeGreaterThan(1);
  const channel = await page.request.post(paths.api.channels(appId), {
    data: { kind: 'webhook', url: receiverUrl, secret: SECRET, events: ['version.failures_rising'], name: 'failures' },
  });
  expect(channel.status()).toBe(201);

  // Every pre-push but one node's fails, then a distribution to all of them: their instances fail.
  const failing = regionIds.slice(0, -1);
  const version = `rise-${randomBytes(3).toString('hex')}`;
  const file = { name: 'rising.pak', version };
  await fetch(`${simUrl}/__sim/push-failures`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ regionIds: failing, reason: 'file server disk quota exceeded' }),
  });
  try {
    const pushed = await page.request.post(paths.api.pushes(appId), {
      data: {
        data: [
          { ...file, size: 1024, archiveType: 'tar.gz', md5: '', url: 'https://files.example.com/r.pak', timeout: 600 },
        ],
        strategy: null,
        idempotencyKey: `rise-${version}`,
      },
    });
    expect(pushed.status()).toBe(201);
    await advanceClock(3600);
    // The leader sweeps the pushed version (no instance yet: no failure) before it is distributed.
    await page.waitForTimeout(2_500);
    const distributed = await page.request.post(paths.api.distributions(appId), {
      data: {
        data: [{ ...file, destPath: '/root/installed', decompress: true, timeout: 600 }],
        strategy: null,
        idempotencyKey: `rise-dist-${version}`,
      },
    });
    expect(distributed.status()).toBe(201);
  } finally {
    await fetch(`${simUrl}/__sim/push-failures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ regionIds: [] }),
    });
  }

  interface Rising extends Message {
    severity: string;
    failures: { name: string; version: string; before: number; now: number; increase: number; total: number };
  }
  const rising = () =>
    messages
      .flatMap((m) => (m.type === 'digest' ? (m.events ?? []) : [m]))
      .filter((m): m is Rising => m.type === 'version.failures_rising')
      .filter((m) => m.failures.version === version);
  await expect
    .poll(
      async () => {
        await advanceClock(30);
        return rising().length;
      },
      { timeout: 90_000, intervals: [1_500] },
    )
    .toBeGreaterThan(0);
  // The failures go on for a few more ticks: still one message.
  for (let i = 0; i < 4; i++) {
    await advanceClock(30);
    await page.waitForTimeout(1_200);
  }
  expect(rising()).toHaveLength(1);
  expect(badSignatures).toBe(0);
  const [message] = rising();

  // Its numbers are those the API shows for the version (failures only grow here).
  const detail = (await (await page.request.get(paths.api.detail(appId, { name: file.name, version }))).json()) as {
    total: number;
    counts: { FAILED: number };
  };
  expect(message!.severity).toBe('warning');
  expect(message!.failures).toMatchObject({ name: file.name, version, before: 0, total: detail.total });
  expect(message!.failures.now).toBeGreaterThanOrEqual(10);
  expect(message!.failures.now).toBeLessThanOrEqual(detail.counts.FAILED);
  expect(message!.failures.increase).toBe(message!.failures.now);
  const link = new URL(message!.link!);
  expect(`${link.pathname}${link.search}`).toBe(paths.version(appId, file.name, version));
  expect((await page.goto(message!.link!))?.status()).toBe(200);
});
