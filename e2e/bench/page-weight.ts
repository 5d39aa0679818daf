/**
 * Page weight: the JavaScript each page of the dashboard transfers, compressed, in a
 * fresh Chromium context (nothing cached), at a small fleet, so it takes a minute, not
 * the 100,000-instance run of version-page.ts. Two figures per page: the first view
 * (loaded, network quiet, nothing scrolled) and after scrolling to the end (parts that
 * load when reached). Goal (issue 14): the version page under 250 KB, as the others.
 *
 * Needs a build first (`npx next build`). Run: npx tsx e2e/bench/page-weight.ts
 * BENCH_FILES=1 lists each page's scripts, largest first.
 * Env: BENCH_INSTANCES (default 2000), BENCH_PORT (default 3211), BENCH_SIM_PORT (default 8799).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium';
import { startBenchServer, waitForHealth } from './bench-server';
import { kb, scriptWeight } from './script-weight';

const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 2000);
const PORT = Number(process.env.BENCH_PORT ?? 3211);
const SIM_PORT = Number(process.env.BENCH_SIM_PORT ?? 8799);
const base = `http://127.0.0.1:${PORT}`;

async function json<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${base}${path}`, init);
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A one-stage rollout to the first region, so the rollout page has something to show. */
async function startRollout(appId: string): Promise<string> {
  const { regions } = await json<{ regions: { regionId: string }[] }>(`/api/apps/${appId}/regions`);
  const region = regions[0]?.regionId;
  if (!region) throw new Error('the application has no region');
  const file = `page-weight-${Date.now().toString(36)}`;
  const answer = await json<{ rolloutId: string }>(`/api/apps/${appId}/rollouts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      data: [
        {
          name: file,
          version: '1.0',
          size: 1024,
          archiveType: 'tar.gz',
          md5: '',
          url: `https://files.example.com/${file}-1.0.tar.gz`,
          timeout: 1800,
        },
      ],
      distribute: { destPath: '/root/installed', decompress: true, timeout: 1800 },
      stages: [{ name: 'canary', strategy: [{ name: 'ScheduleToRegionId', operator: 'In', values: [region] }] }],
      idempotencyKey: file,
    }),
  });
  return answer.rolloutId;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-weight-'));
  const server = startBenchServer({ port: PORT, simPort: SIM_PORT, instances: INSTANCES, dir });
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    await waitForHealth(base, Date.now() + 240_000);
    const { apps } = await json<{ apps: { appId: string }[] }>('/api/apps');
    const appId = apps[0]?.appId ?? '';
    const { items } = await json<{ items: { name: string; version: string; total: number }[] }>(
      `/api/apps/${appId}/distribution`,
    );
    const target = [...items].sort((a, b) => b.total - a.total)[0];
    if (!target) throw new Error('no version in the fleet');
    const rolloutId = await startRollout(appId);
    const app = `/apps/${encodeURIComponent(appId)}`;
    const pages: [string, string][] = [
      ['apps', '/apps'],
      ['overview', app],
      ['version', `${app}/versions?${new URLSearchParams({ name: target.name, version: target.version })}`],
      ['history', `${app}/history`],
      ['push', `${app}/push`],
      ['rollout', `${app}/rollouts/${encodeURIComponent(rolloutId)}`],
    ];
    console.log(`JavaScript transferred, compressed, per page (${INSTANCES.toLocaleString('en-US')} instances)`);
    console.log('  page       first view   scrolled to the end   script files');
    for (const [label, path] of pages) {
      const w = await scriptWeight(browser, `${base}${path}`);
      console.log(
        `  ${label.padEnd(10)} ${kb(w.firstView).padStart(10)}   ${kb(w.reached).padStart(19)}   ${String(w.files).padStart(12)}`,
      );
      if (process.env.BENCH_FILES) for (const f of w.list) console.log(`      ${kb(f.bytes).padStart(9)}  ${f.path}`);
    }
    console.log('  goal: the version page under 250 KB (issue 14)');
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
