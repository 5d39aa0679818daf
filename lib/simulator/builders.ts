/**
 * Builders with overrides for the wire shapes of `Data` and strategies, shared
 * by unit tests, benchmarks and anyone seeding the simulator by hand.
 */
import type { DistItem, PushItem } from './data-param';

export function buildPushItem(overrides: Partial<PushItem> = {}): PushItem {
  return {
    name: 'app01',
    version: '1.0',
    size: 104_857_600,
    archiveType: 'tar.gz',
    md5: '',
    url: 'https://ens-data.oss-cn-hangzhou.aliyuncs.com/app01-1.0.tar.gz',
    timeout: 1800,
    ...overrides,
  };
}

export function buildDistItem(overrides: Partial<DistItem> = {}): DistItem {
  return { name: 'app01', version: '1.0', destPath: '/root/installed', decompress: true, timeout: 600, ...overrides };
}

/** `Data` as the wire carries it: JSON text. */
export function dataParam(items: readonly unknown[]): string {
  return JSON.stringify(items);
}

export function regionStrategy(regionIds: readonly string[]): string {
  return JSON.stringify({ name: 'ScheduleToRegionId', parameters: { operator: 'In', values: regionIds } });
}

export function matchExpressionsStrategy(regionIds: readonly string[]): string {
  return JSON.stringify({
    name: 'ScheduleToAllByMatchExpressions',
    parameters: { match_expressions: [{ key: 'region_id', operator: 'In', values: regionIds }] },
  });
}
