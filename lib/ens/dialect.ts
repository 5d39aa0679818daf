import { z } from 'zod';

/*
 * What ENS's DescribeDataDistResult means where its documentation leaves a choice open
 * (docs/ens-dialects.md): found by calibration (lib/ens/calibration.ts) and used by
 * every read. `unknown` is a valid answer: reads then rely only on what they can check.
 */

export const PAGE_CAP_MODES = ['none', 'reject', 'silent', 'echo', 'unknown'] as const;
export const TOTAL_COUNT_UNITS = ['rows', 'results', 'unknown'] as const;
export const INSTANCE_COUNT_SCOPES = ['page', 'total', 'unknown'] as const;

export const ensDialectSchema = z.object({
  /** The largest PageSize ENS honours, when a cap was found; null: none found. */
  pageCap: z.number().int().positive().nullable(),
  /** What a PageSize above the cap gets; `none`: no cap up to `honouredUpTo`. */
  pageCapMode: z.enum(PAGE_CAP_MODES),
  /** A page shorter than a PageSize up to this many is the last page; null: not known. */
  honouredUpTo: z.number().int().positive().nullable(),
  /** What TotalCount counts: instance rows, or DistResult groups (file versions). */
  totalCountUnit: z.enum(TOTAL_COUNT_UNITS),
  /** What InstanceCount counts: the group's rows on the page, or its total across pages. */
  instanceCountScope: z.enum(INSTANCE_COUNT_SCOPES),
});
export type EnsDialect = z.output<typeof ensDialectSchema>;

/** Nothing known: reads page to the end and trust no count. */
export const UNKNOWN_DIALECT: EnsDialect = {
  pageCap: null,
  pageCapMode: 'unknown',
  honouredUpTo: null,
  totalCountUnit: 'unknown',
  instanceCountScope: 'unknown',
};

/** The PageSize a read asks for: what it wants, but never above a known cap. */
export function pageSizeFor(wanted: number, dialect: EnsDialect): number {
  return dialect.pageCap !== null ? Math.min(wanted, dialect.pageCap) : wanted;
}

/** One line for logs and the CLI. */
export function describeDialect(d: EnsDialect): string {
  const cap =
    d.pageCapMode === 'none'
      ? `no page cap up to ${d.honouredUpTo ?? '?'}`
      : d.pageCapMode === 'unknown'
        ? 'page cap unknown'
        : `page cap ${d.pageCap ?? '?'} (${d.pageCapMode})`;
  return `${cap}; TotalCount counts ${d.totalCountUnit}; InstanceCount scope ${d.instanceCountScope}`;
}
