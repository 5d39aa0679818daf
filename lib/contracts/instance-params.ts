import { z } from 'zod';
import { DIST_STATUSES } from '@/lib/domain/status';
import { INSTANCE_SORT_KEYS } from '@/lib/domain/instance-columns';

/**
 * The instance table's query: the same parameters in the page URL, the
 * `/distribution/instances` route and its `.csv` twin, so a copied link and an
 * export show exactly the same rows. Shared by browser and server.
 */

export const MAX_PAGE_SIZE = 1000;

const csvList = <T extends string>(values: readonly [T, ...T[]], field: string) =>
  z
    .string()
    .trim()
    .transform((s) => (s === '' ? [] : s.split(',').map((v) => v.trim())))
    .pipe(z.array(z.enum(values, { error: `${field} must be one of ${values.join(', ')}` })));

// ENS takes names and versions as comma-separated lists, so one cannot contain a comma.
const fileName = z
  .string({ error: 'name is required' })
  .min(1, 'name is required')
  .max(256, 'name must be at most 256 characters')
  .refine((v) => !v.includes(','), 'name must not contain a comma');
const fileVersion = z
  .string({ error: 'version is required' })
  .min(1, 'version is required')
  .max(128, 'version must be at most 128 characters')
  .refine((v) => !v.includes(','), 'version must not contain a comma');

/** `?name=&version=`: which data file version a request is about. */
export const versionQuerySchema = z.object({ name: fileName, version: fileVersion });

export const instanceQuerySchema = z.object({
  name: fileName,
  version: fileVersion,
  status: csvList([...DIST_STATUSES] as [string, ...string[]], 'status').default([]),
  region: z
    .string()
    .trim()
    .transform((s) => (s === '' ? [] : s.split(',').map((v) => v.trim())))
    .default([]),
  q: z.string().trim().max(200, 'q must be at most 200 characters').default(''),
  sort: z.enum(INSTANCE_SORT_KEYS, { error: `sort must be one of ${INSTANCE_SORT_KEYS.join(', ')}` }).default('instanceId'),
  order: z.enum(['asc', 'desc'], { error: 'order must be asc or desc' }).default('asc'),
  page: z.coerce.number({ error: 'page must be a number' }).int('page must be a whole number').min(1, 'page starts at 1').default(1),
  pageSize: z.coerce
    .number({ error: 'pageSize must be a number' })
    .int('pageSize must be a whole number')
    .min(1, 'pageSize must be at least 1')
    .max(MAX_PAGE_SIZE, `pageSize must be at most ${MAX_PAGE_SIZE}`)
    .default(100),
});

export type InstanceQuery = z.output<typeof instanceQuerySchema>;
