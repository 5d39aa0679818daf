import type { InstanceQuery } from '@/lib/contracts/instance-params';
import type { HistoryFilters } from '@/lib/contracts/history-filters';
import { instanceQueryToParams } from '@/lib/contracts/url-state';
import { historyFiltersToParams } from '@/lib/contracts/history-filters';

/*
 * Every TanStack Query key, one factory per resource. The push history sits under
 * the application's push keys, so a push from this tab refreshes it at once; server
 * pages seed the same keys when they hydrate the cache.
 */
export const monitoringKeys = {
  all: (appId: string) => ['distribution', appId] as const,
  summaries: (appId: string) => [...monitoringKeys.all(appId), 'summaries'] as const,
  version: (appId: string, name: string, version: string) =>
    [...monitoringKeys.all(appId), 'version', name, version] as const,
  detail: (appId: string, name: string, version: string) =>
    [...monitoringKeys.version(appId, name, version), 'detail'] as const,
  instances: (appId: string, query: InstanceQuery) =>
    [
      ...monitoringKeys.version(appId, query.name, query.version),
      'instances',
      instanceQueryToParams(query).toString(),
    ] as const,
  history: (appId: string, name: string, version: string) =>
    [...monitoringKeys.version(appId, name, version), 'history'] as const,
  pushStatus: (appId: string, name: string, version: string) =>
    [...monitoringKeys.version(appId, name, version), 'push-status'] as const,
};

export const pushKeys = {
  all: ['push'] as const,
  app: (appId: string) => [...pushKeys.all, appId] as const,
  history: (appId: string) => [...pushKeys.app(appId), 'history'] as const,
  historyList: (appId: string, filters: HistoryFilters) =>
    [...pushKeys.history(appId), historyFiltersToParams(filters).toString()] as const,
};

export const regionKeys = {
  all: ['regions'] as const,
  app: (appId: string) => [...regionKeys.all, appId] as const,
};

export const rolloutKeys = {
  all: ['rollouts'] as const,
  app: (appId: string) => [...rolloutKeys.all, appId] as const,
  list: (appId: string, filter: string) => [...rolloutKeys.app(appId), 'list', filter] as const,
  one: (appId: string, rolloutId: string) => [...rolloutKeys.app(appId), 'one', rolloutId] as const,
  rollbackPreview: (appId: string, rolloutId: string) =>
    [...rolloutKeys.one(appId, rolloutId), 'rollback-preview'] as const,
  plans: (appId: string) => [...rolloutKeys.app(appId), 'plans'] as const,
};
