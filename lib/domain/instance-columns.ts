/*
 * The instance table's columns, once: the sort keys the URL and API accept, the
 * table's headers and the CSV export's header all derive from this list.
 */
export const INSTANCE_COLUMNS = [
  { key: 'instanceId', label: 'Instance' },
  { key: 'regionId', label: 'Region' },
  { key: 'status', label: 'Status' },
  { key: 'statusDescrip', label: 'Description' },
  { key: 'startTime', label: 'Started (UTC)' },
  { key: 'updateTime', label: 'Updated (UTC)' },
] as const;

export type InstanceSortKey = (typeof INSTANCE_COLUMNS)[number]['key'];

export const INSTANCE_SORT_KEYS = INSTANCE_COLUMNS.map((c) => c.key) as [InstanceSortKey, ...InstanceSortKey[]];

/** How the instance table's rows are picked and ordered (the URL's filters, less paging). */
export interface InstanceFilter {
  status: readonly string[];
  region: readonly string[];
  q: string;
  sort: InstanceSortKey;
  order: 'asc' | 'desc';
}
