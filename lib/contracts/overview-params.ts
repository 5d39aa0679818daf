import { z } from 'zod';
import type { VersionSummaryModel } from './monitoring';
import { firstValues, type RawSearchParams, type UrlState } from './url-state';

/** The overview table's URL state: text filter, "has failures" / "in flight" toggles, sort. */
export const OVERVIEW_SORT_KEYS = ['updated', 'name', 'version', 'total', 'success', 'failed', 'inflight'] as const;
export type OverviewSortKey = (typeof OVERVIEW_SORT_KEYS)[number];

const overviewQuerySchema = z.object({
  q: z.string().trim().max(200).catch(''),
  failures: z
    .enum(['1'])
    .optional()
    .catch(undefined)
    .transform((v) => v === '1'),
  inflight: z
    .enum(['1'])
    .optional()
    .catch(undefined)
    .transform((v) => v === '1'),
  sort: z.enum(OVERVIEW_SORT_KEYS).catch('updated'),
  order: z.enum(['asc', 'desc']).optional().catch(undefined),
});

export interface OverviewQuery {
  q: string;
  failures: boolean;
  inflight: boolean;
  sort: OverviewSortKey;
  order: 'asc' | 'desc';
}

/** Natural direction per column: newest, biggest and worst first; names A→Z. */
const DEFAULT_ORDER: Record<OverviewSortKey, 'asc' | 'desc'> = {
  updated: 'desc',
  name: 'asc',
  version: 'desc',
  total: 'desc',
  success: 'asc',
  failed: 'desc',
  inflight: 'desc',
};

export function defaultOrder(sort: OverviewSortKey): 'asc' | 'desc' {
  return DEFAULT_ORDER[sort];
}

/** The overview's query from its URL; anything unrecognised falls back to the default. */
export function parseOverviewQuery(raw: RawSearchParams): OverviewQuery {
  const values = firstValues(raw, ['q', 'failures', 'inflight', 'sort', 'order']);
  const parsed = overviewQuerySchema.parse({ q: '', sort: 'updated', ...values });
  return { ...parsed, order: parsed.order ?? DEFAULT_ORDER[parsed.sort] };
}

/** The overview's URL state. */
export const overviewUrlState: UrlState<OverviewQuery> = {
  parse: (raw) => parseOverviewQuery(raw),
  toParams: (q) => overviewQueryToParams(q),
};

export function overviewQueryToParams(query: OverviewQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  if (query.failures) params.set('failures', '1');
  if (query.inflight) params.set('inflight', '1');
  if (query.sort !== 'updated') params.set('sort', query.sort);
  if (query.order !== DEFAULT_ORDER[query.sort]) params.set('order', query.order);
  return params;
}

const sortValue: Record<OverviewSortKey, (v: VersionSummaryModel) => string | number> = {
  updated: (v) => v.updatedAt ?? '',
  name: (v) => v.name,
  version: (v) => v.version,
  total: (v) => v.total,
  success: (v) => v.successRate ?? -1,
  failed: (v) => v.counts.FAILED,
  inflight: (v) => v.inFlight,
};

/** The rows the overview shows: filtered by text and toggles, sorted (name, version break ties). */
export function applyOverviewQuery(items: readonly VersionSummaryModel[], query: OverviewQuery): VersionSummaryModel[] {
  const needle = query.q.toLowerCase();
  const get = sortValue[query.sort];
  const dir = query.order === 'asc' ? 1 : -1;
  return items
    .filter(
      (v) =>
        (needle === '' || v.name.toLowerCase().includes(needle) || v.version.toLowerCase().includes(needle)) &&
        (!query.failures || v.counts.FAILED > 0) &&
        (!query.inflight || v.inFlight > 0),
    )
    .sort((a, b) => {
      const x = get(a);
      const y = get(b);
      const primary = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return dir * primary || a.name.localeCompare(b.name) || a.version.localeCompare(b.version);
    });
}
