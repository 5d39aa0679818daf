import type { DistRow } from './version-detail';

/*
 * Instance rows for the distribution tests (not a test file itself): one version of
 * the sample file of docs/ens.md §5, overridable field by field.
 */

export const SAMPLE_NAME = 'gcs-prod-websocket-eip-unicom';
export const SAMPLE_VERSION = 'standard';

export function buildRow(overrides: Partial<DistRow> = {}): DistRow {
  return {
    name: SAMPLE_NAME,
    version: SAMPLE_VERSION,
    instanceId: 'i-5aaaaaaaaaaaaaaaaaaaaaaaa',
    regionId: 'cn-chengdu-telecom-4',
    status: 'SUCCESS',
    statusDescrip: 'Success',
    startTime: '2026-11-26T07:00:00Z',
    updateTime: '2026-11-26T07:05:00Z',
    ...overrides,
  };
}
