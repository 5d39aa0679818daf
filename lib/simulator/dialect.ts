/**
 * Readings of DescribeDataDistResult where ENS's documentation leaves a choice open
 * (see README "Dialects"). The default is the reading the simulator always had; the
 * others let the dashboard be tested against each plausible real service.
 */

export const PAGE_SIZE_CAP_MODES = ['reject', 'silent', 'echo'] as const;
export type PageSizeCapMode = (typeof PAGE_SIZE_CAP_MODES)[number];
export const TOTAL_COUNT_UNIT_FLAGS = ['rows', 'results'] as const;
export type TotalCountUnit = (typeof TOTAL_COUNT_UNIT_FLAGS)[number];
export const INSTANCE_COUNT_SCOPE_FLAGS = ['page', 'total'] as const;
export type InstanceCountScope = (typeof INSTANCE_COUNT_SCOPE_FLAGS)[number];

export interface SimDialect {
  /** Largest PageSize honoured; null = none below the general 1..1000 range. */
  pageSizeCap: number | null;
  /** What a PageSize above the cap gets: an error, a short page echoing the request, or a short page echoing the cap. */
  pageSizeCapMode: PageSizeCapMode;
  /** What TotalCount counts: instance rows, or DistResult groups (file versions). */
  totalCountUnit: TotalCountUnit;
  /** What InstanceCount counts: the group's rows on this page, or its total across pages. */
  instanceCountScope: InstanceCountScope;
  /** Some finished rows carry an UpdateTime earlier than their StartTime, as the docs' example does. */
  timeSkew: boolean;
}

export const DEFAULT_DIALECT: SimDialect = {
  pageSizeCap: null,
  pageSizeCapMode: 'reject',
  totalCountUnit: 'rows',
  instanceCountScope: 'page',
  timeSkew: false,
};

export interface DialectOptions {
  pageSizeCap?: number;
  pageSizeCapMode?: PageSizeCapMode;
  totalCountUnit?: TotalCountUnit;
  instanceCountScope?: InstanceCountScope;
  timeSkew?: boolean;
}

export function dialectFrom(options: DialectOptions): SimDialect {
  const cap = options.pageSizeCap;
  if (cap !== undefined && (!Number.isSafeInteger(cap) || cap < 1))
    throw new RangeError(`pageSizeCap must be a positive integer, got ${cap}`);
  return {
    pageSizeCap: cap ?? DEFAULT_DIALECT.pageSizeCap,
    pageSizeCapMode: options.pageSizeCapMode ?? DEFAULT_DIALECT.pageSizeCapMode,
    totalCountUnit: options.totalCountUnit ?? DEFAULT_DIALECT.totalCountUnit,
    instanceCountScope: options.instanceCountScope ?? DEFAULT_DIALECT.instanceCountScope,
    timeSkew: options.timeSkew ?? DEFAULT_DIALECT.timeSkew,
  };
}
