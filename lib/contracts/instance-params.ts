import { z } from 'zod';
import { listItemProblem, unsafeTextProblem } from '@/lib/ens/field-rules';
import { regionIdSchema } from '@/lib/ens/strategy';
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

/** The rule of lib/ens/field-rules: a value that could never have been pushed is refused, not looked up. */
function ruled(
  field: string,
  value: string,
  ctx: z.RefinementCtx,
  rule: (field: string, value: string) => string | undefined,
) {
  const problem = rule(field, value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}

// ENS takes names and versions as comma-separated lists, so one cannot contain a comma.
const fileName = z
  .string({ error: 'name is required' })
  .min(1, 'name is required')
  .max(256, 'name must be at most 256 characters')
  .superRefine((v, ctx) => ruled('name', v, ctx, listItemProblem));
const fileVersion = z
  .string({ error: 'version is required' })
  .min(1, 'version is required')
  .max(128, 'version must be at most 128 characters')
  .superRefine((v, ctx) => ruled('version', v, ctx, listItemProblem));

/** Free text of a filter (search box, actor): shown back on the page, so safe text only. */
export const filterText = (field: string, max: number) =>
  z
    .string()
    .max(max, `${field} must be at most ${max} characters`)
    .superRefine((v, ctx) => ruled(field, v, ctx, unsafeTextProblem));

export { fileName as fileNameSchema, fileVersion as fileVersionSchema };

/** `?name=&version=`: which data file version a request is about. */
export const versionQuerySchema = z.object({ name: fileName, version: fileVersion });

/**
 * A status image's query: the version, and optionally the signature of a signed link
 * (`exp`, epoch seconds, and `sig`) that opens it without a session. The route checks
 * the signature before this parses; here they are only described and bounded.
 */
export const statusImageQuerySchema = versionQuerySchema.extend({
  exp: z
    .string()
    .regex(/^\d{1,12}$/, 'exp must be epoch seconds')
    .optional()
    .describe('Signed link: expiry, epoch seconds'),
  sig: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, 'sig must be 43 base64url characters')
    .optional()
    .describe('Signed link: HMAC-SHA256 signature (base64url)'),
});

export const instanceQuerySchema = z.object({
  name: fileName,
  version: fileVersion,
  status: csvList([...DIST_STATUSES] as [string, ...string[]], 'status').default([]),
  region: z
    .string()
    .max(4_000, 'region must be at most 4000 characters')
    .trim()
    .transform((s) => (s === '' ? [] : s.split(',').map((v) => v.trim())))
    .pipe(z.array(regionIdSchema).max(200, 'region must list at most 200 regions'))
    .default([]),
  q: filterText('q', 200).trim().default(''),
  sort: z
    .enum(INSTANCE_SORT_KEYS, { error: `sort must be one of ${INSTANCE_SORT_KEYS.join(', ')}` })
    .default('instanceId'),
  order: z.enum(['asc', 'desc'], { error: 'order must be asc or desc' }).default('asc'),
  page: z.coerce
    .number({ error: 'page must be a number' })
    .int('page must be a whole number')
    .min(1, 'page starts at 1')
    .default(1),
  pageSize: z.coerce
    .number({ error: 'pageSize must be a number' })
    .int('pageSize must be a whole number')
    .min(1, 'pageSize must be at least 1')
    .max(MAX_PAGE_SIZE, `pageSize must be at most ${MAX_PAGE_SIZE}`)
    .default(100),
});

export type InstanceQuery = z.output<typeof instanceQuerySchema>;
