import { instanceQuerySchema, type InstanceQuery } from './instance-params';

/** What Next.js hands a page as searchParams, or URLSearchParams turned into a record. */
export type RawSearchParams = Record<string, string | string[] | undefined>;

/**
 * A page's state in its URL: how it is read (a hand-edited or outdated parameter falls
 * back to its default; null means there is nothing to show) and written (defaults left
 * out, so shared links stay short). The pages read and write it with useUrlState().
 */
export interface UrlState<T> {
  parse: (raw: RawSearchParams) => T | null;
  toParams: (value: T) => URLSearchParams;
}

/** The first value of each of `keys` (a repeated parameter keeps its first), absent ones left out. */
export function firstValues<K extends string>(raw: RawSearchParams, keys: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const v = raw[key];
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== undefined) out[key] = value;
  }
  return out;
}

const INSTANCE_KEYS = Object.keys(instanceQuerySchema.shape) as (keyof InstanceQuery)[];

/**
 * The version page's query from its URL. A hand-edited or outdated parameter
 * (`status=BOGUS`, `page=-1`) falls back to its default instead of failing the page;
 * only a missing name or version makes it null (nothing to show).
 */
export function parseInstanceQuery(raw: RawSearchParams): InstanceQuery | null {
  const values = firstValues(raw, INSTANCE_KEYS);
  for (let attempt = 0; attempt < INSTANCE_KEYS.length; attempt++) {
    const result = instanceQuerySchema.safeParse(values);
    if (result.success) return result.data;
    const bad = new Set(result.error.issues.map((i) => String(i.path[0])));
    if (bad.has('name') || bad.has('version')) return null;
    for (const key of bad) delete values[key as keyof InstanceQuery];
  }
  return null;
}

const DEFAULTS = instanceQuerySchema.parse({ name: 'x', version: 'x' });

/**
 * The query as URL parameters, defaults left out so shared links stay short; the
 * same string addresses the page, the instances route and the CSV export.
 */
export function instanceQueryToParams(query: InstanceQuery, options: { paging?: boolean } = {}): URLSearchParams {
  const params = new URLSearchParams({ name: query.name, version: query.version });
  if (query.status.length > 0) params.set('status', query.status.join(','));
  if (query.region.length > 0) params.set('region', query.region.join(','));
  if (query.q !== '') params.set('q', query.q);
  if (query.sort !== DEFAULTS.sort) params.set('sort', query.sort);
  if (query.order !== DEFAULTS.order) params.set('order', query.order);
  if (options.paging !== false) {
    if (query.page !== DEFAULTS.page) params.set('page', String(query.page));
    if (query.pageSize !== DEFAULTS.pageSize) params.set('pageSize', String(query.pageSize));
  }
  return params;
}

/** A filter change: everything but the page is replaced, and the page goes back to 1. */
export function withFilters(
  query: InstanceQuery,
  change: Partial<Omit<InstanceQuery, 'name' | 'version'>>,
): InstanceQuery {
  return { ...query, page: 1, ...change };
}

/** Adds or removes one value of a list filter (status or region). */
export function toggled<T extends string>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

/** The version page's URL state: which version, and the instance table's filters. */
export const instanceUrlState: UrlState<InstanceQuery> = { parse: parseInstanceQuery, toParams: instanceQueryToParams };
