/**
 * How fast the simulator's model answers filtered DescribeDataDistResult pages
 * on a 100,000-instance fleet (the issue asks for well under 50 ms a page).
 * Run: npx tsx e2e/bench/simulator-query.ts [instances]
 */
import { createSimStore } from '../../lib/simulator/store';
import type { ActionParams, SimStore } from '../../lib/simulator/types';

interface DistResponse {
  TotalCount: number;
  DistResults: { DistResult: { Name: string; Version: string }[] };
}

interface Application {
  DetailStat: { AppVersionStat: { DistrictStat: { InstanceStat: { InstanceId: string; RegionId: string }[] }[] }[] };
}

interface Target {
  appId: string;
  files: { name: string; version: string }[];
  regions: string[];
  instances: string[];
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function discover(store: SimStore): Target[] {
  const list = store.handle('ListApplications', {}) as {
    Applications: { Application: { AppList: { App: { AppId: string }[] } }[] };
  };
  return list.Applications.Application.flatMap((c) => c.AppList.App).map(({ AppId }) => {
    const dist = store.handle('DescribeDataDistResult', { AppId, PageNumber: '1', PageSize: '1000' }) as DistResponse;
    const described = store.handle('DescribeApplication', { AppId }) as { Application: string };
    const app = JSON.parse(described.Application) as Application;
    const instances = app.DetailStat.AppVersionStat.flatMap((v) => v.DistrictStat.flatMap((d) => d.InstanceStat));
    return {
      appId: AppId,
      files: dist.DistResults.DistResult.map((r) => ({ name: r.Name, version: r.Version })),
      regions: [...new Set(instances.map((i) => i.RegionId))],
      instances: instances.map((i) => i.InstanceId),
    };
  });
}

function pick<T>(items: readonly T[], i: number): T {
  const item = items[i % items.length];
  if (item === undefined) throw new Error('nothing to pick from');
  return item;
}

/** A mix of the filters a dashboard sends: one file in one node, whole app pages, deep pages, instance lookups. */
function queries(targets: readonly Target[], count: number): ActionParams[] {
  return Array.from({ length: count }, (_, i): ActionParams => {
    const t = pick(targets, i);
    const file = pick(t.files, i * 7);
    const region = pick(t.regions, i * 13);
    switch (i % 5) {
      case 0:
        return {
          AppId: t.appId,
          DataNames: file.name,
          DataVersions: file.version,
          EnsRegionIds: JSON.stringify([region]),
          PageNumber: '1',
          PageSize: '100',
        };
      case 1:
        return { AppId: t.appId, PageNumber: String(1 + (i % 50)), PageSize: '100' };
      case 2:
        return { AppId: t.appId, DataNames: file.name, PageNumber: '3', PageSize: '500' };
      case 3:
        return {
          AppId: t.appId,
          InstanceIds: [0, 1, 2, 3, 4].map((k) => pick(t.instances, i * 31 + k * 977)).join(','),
          PageNumber: '1',
          PageSize: '100',
        };
      default:
        return {
          AppId: t.appId,
          EnsRegionIds: JSON.stringify([region, pick(t.regions, i + 1)]),
          MinDate: '2000-01-01',
          MaxDate: '2999-12-31',
          PageNumber: '2',
          PageSize: '1000',
        };
    }
  });
}

function main(): void {
  const instances = Number(process.argv[2] ?? 100_000);
  const started = performance.now();
  const store = createSimStore({ instances, apps: 4, seed: 'ens-dashboard', timeScale: 1, activity: false });
  const buildMs = performance.now() - started;
  const targets = discover(store);
  const timings: number[] = [];
  let rows = 0;
  for (const params of queries(targets, 400)) {
    const t0 = performance.now();
    const response = store.handle('DescribeDataDistResult', params) as DistResponse;
    timings.push(performance.now() - t0);
    rows += response.TotalCount > 0 ? 1 : 0;
  }
  timings.sort((a, b) => a - b);
  const fmt = (ms: number) => ms.toFixed(2);
  console.log(`fleet: ${instances} instances, ${targets.length} apps, built in ${fmt(buildMs)} ms`);
  console.log(`DescribeDataDistResult: ${timings.length} pages (${rows} non-empty)`);
  console.log(
    `p50 ${fmt(percentile(timings, 50))} ms  p95 ${fmt(percentile(timings, 95))} ms  max ${fmt(timings.at(-1) ?? NaN)} ms`,
  );
  store.stop();
}

main();
