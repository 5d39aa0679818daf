/**
 * Parsing of wire parameters shared by the actions. Every value arrives as a
 * string; the helpers throw the SimError the service would answer with.
 */
import { invalidParameter, missingParameter } from './errors';
import type { App } from './fleet';
import type { ActionParams } from './types';
import type { World } from './model';
import { SimError } from './errors';

/** The SDK sends an unset optional string as nothing, but a caller may send it empty: both mean "not given". */
export function optionalParam(params: ActionParams, name: string): string | undefined {
  const value = params[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

export function requireParam(params: ActionParams, name: string): string {
  const value = optionalParam(params, name);
  if (value === undefined) throw missingParameter(name);
  return value;
}

/** Comma-separated lists (`DataNames`, `InstanceIds`, …); undefined means no filter. */
export function parseCsv(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return items.length === 0 ? undefined : items;
}

export function unknownApp(appId: string): SimError {
  return invalidParameter('AppId', `The application ${appId} does not exist.`);
}

export function requireApp(world: World, params: ActionParams): App {
  const appId = requireParam(params, 'AppId');
  const app = world.fleet.appById.get(appId.trim());
  if (!app) throw unknownApp(appId);
  return app;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Go's `2006-01-02` layout: a real calendar date, nothing more. */
export function parseDate(params: ActionParams, name: string): string | undefined {
  const value = optionalParam(params, name);
  if (value === undefined) return undefined;
  const match = DATE.exec(value.trim());
  const date = match ? new Date(`${match[0]}T00:00:00Z`) : null;
  if (!match || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== match[0]) {
    throw invalidParameter(name, `Expected a date in the 2006-01-02 format, got "${value}".`);
  }
  return match[0];
}

export interface DateRange {
  min?: string;
  max?: string;
}

export function parseDateRange(params: ActionParams): DateRange {
  return { min: parseDate(params, 'MinDate'), max: parseDate(params, 'MaxDate') };
}

/** Inclusive on both ends, compared on the UTC calendar date. */
export function inDateRange(ms: number, range: DateRange): boolean {
  if (range.min === undefined && range.max === undefined) return true;
  const day = dateOf(ms);
  return (range.min === undefined || day >= range.min) && (range.max === undefined || day <= range.max);
}

export const MAX_DIST_PAGE_SIZE = 1000;
const DEFAULT_PAGE_SIZE = 10;

export interface Paging {
  pageNumber: number;
  pageSize: number;
}

function positiveInt(params: ActionParams, name: string, max: number): number | undefined {
  const value = optionalParam(params, name);
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > max) {
    throw invalidParameter(name, `Expected an integer from 1 to ${max}, got "${value}".`);
  }
  return n;
}

/** null means "everything": the docs say to omit both to get all entries. */
export function parsePaging(params: ActionParams): Paging | null {
  const pageNumber = positiveInt(params, 'PageNumber', Number.MAX_SAFE_INTEGER);
  const pageSize = positiveInt(params, 'PageSize', MAX_DIST_PAGE_SIZE);
  if (pageNumber === undefined && pageSize === undefined) return null;
  return { pageNumber: pageNumber ?? 1, pageSize: pageSize ?? DEFAULT_PAGE_SIZE };
}

/** The page's [start, end) within `total` entries. */
export function pageWindow(paging: Paging | null, total: number): { start: number; end: number } {
  if (!paging) return { start: 0, end: total };
  const start = Math.min(total, (paging.pageNumber - 1) * paging.pageSize);
  return { start, end: Math.min(total, start + paging.pageSize) };
}

/** PageNumber/PageSize echoed back; without paging the whole result is one page. */
export function pagingEcho(
  paging: Paging | null,
  total: number,
): { PageNumber: number; PageSize: number; TotalCount: number } {
  return paging
    ? { PageNumber: paging.pageNumber, PageSize: paging.pageSize, TotalCount: total }
    : { PageNumber: 1, PageSize: total, TotalCount: total };
}

/** Recently formatted seconds: a page's rows share a few hundred distinct times at most. */
const isoCache = new Map<number, string>();
const ISO_CACHE_MAX = 8_192;

/** ENS status times: ISO-8601 UTC without milliseconds. */
export function isoSeconds(ms: number): string {
  const second = Math.floor(ms / 1000);
  let text = isoCache.get(second);
  if (text === undefined) {
    if (isoCache.size >= ISO_CACHE_MAX) isoCache.clear();
    text = `${new Date(second * 1000).toISOString().slice(0, 19)}Z`;
    isoCache.set(second, text);
  }
  return text;
}

export function dateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Application metadata times: `YYYY-MM-DD hh:mm:ss`, no zone (UTC here). */
export function metaTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
