import { firstValues, type RawSearchParams, type UrlState } from './url-state';

/** The history page's filters as the URL holds them; each is an exact match, '' for none. */
export interface HistoryFilters {
  name: string;
  version: string;
  actor: string;
}

/** Entries per page, for the first render and every "Load older". */
export const HISTORY_PAGE_SIZE = 25;

export const NO_FILTERS: HistoryFilters = { name: '', version: '', actor: '' };

// The API's own limits (see the GET /pushes route): longer text could never match, so it is cut.
const MAX_LENGTH: Record<keyof HistoryFilters, number> = { name: 256, version: 128, actor: 200 };
const KEYS = Object.keys(MAX_LENGTH) as (keyof HistoryFilters)[];

/** Filters from a URL: the first value of each, trimmed; unknown parameters ignored. */
export function parseHistoryFilters(raw: RawSearchParams): HistoryFilters {
  const values = firstValues(raw, KEYS);
  const out = { ...NO_FILTERS };
  for (const key of KEYS) out[key] = (values[key] ?? '').trim().slice(0, MAX_LENGTH[key]);
  return out;
}

/** The URL (and API) parameters for filters, empty ones left out, in a fixed order. */
export function historyFiltersToParams(filters: HistoryFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of KEYS) if (filters[key]) params.set(key, filters[key]);
  return params;
}

export function hasFilters(filters: HistoryFilters): boolean {
  return KEYS.some((key) => filters[key] !== '');
}

/** The history page's URL state. */
export const historyUrlState: UrlState<HistoryFilters> = {
  parse: parseHistoryFilters,
  toParams: historyFiltersToParams,
};
