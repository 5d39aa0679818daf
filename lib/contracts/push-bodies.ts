import { z } from 'zod';
import { distDataItemSchema, distDataListSchema, pushDataListSchema } from '@/lib/ens/data-files';
import { internalUrlProblem } from '@/lib/ens/field-rules';
import type { InputIssue } from '@/lib/ens/issues';
import { regionIdSchema } from '@/lib/ens/strategy';
import { PUSH_ACTIONS } from '@/lib/domain/push-states';

/**
 * Bodies of `POST /pushes` and `POST /distributions`, shared by the push form and the
 * route handlers so both apply the same rules. The strategy is checked separately
 * (validateStrategy), because whether its regions exist depends on the application.
 */
export const idempotencyKeySchema = z
  .string({ error: 'idempotencyKey must be text' })
  .min(8, 'idempotencyKey must be at least 8 characters')
  .max(128, 'idempotencyKey must be at most 128 characters')
  .regex(/^[A-Za-z0-9_.:-]+$/, 'idempotencyKey may hold letters, digits and _ . : - only');

/** How a push-and-distribute places the files on each instance. */
export const distributeOptionsSchema = distDataItemSchema.omit({ name: true, version: true });
export type DistributeOptionsInput = z.input<typeof distributeOptionsSchema>;

const strategyRequired = z.unknown().refine((v) => v !== undefined, {
  message: 'strategy is required: a list of policies, or null to push to every region',
});

/** Which version-page action sent it, for the history; a clean has its own route. */
const actionSchema = z.enum(
  PUSH_ACTIONS.filter((a) => a !== 'clean'),
  { error: `action must be one of ${PUSH_ACTIONS.filter((a) => a !== 'clean').join(', ')}` },
);

export const pushBodySchema = z.strictObject({
  data: pushDataListSchema,
  strategy: strategyRequired,
  idempotencyKey: idempotencyKeySchema.optional(),
  distribute: distributeOptionsSchema.optional(),
  action: actionSchema.optional(),
});
export type PushBody = z.output<typeof pushBodySchema>;

export const distributionBodySchema = z.strictObject({
  data: distDataListSchema,
  strategy: strategyRequired,
  idempotencyKey: idempotencyKeySchema.optional(),
  action: actionSchema.optional(),
});
export type DistributionBody = z.output<typeof distributionBodySchema>;

/** Most regions one clean names: more than any application has. */
export const MAX_CLEAN_REGIONS = 500;

/** `POST /cleans`: CleanDistData of one file version, one call per chosen region; never app-wide. */
export const cleanBodySchema = z.strictObject({
  name: distDataItemSchema.shape.name,
  version: distDataItemSchema.shape.version,
  regionIds: z
    .array(regionIdSchema, { error: 'regionIds must be a list of region ids' })
    .min(1, 'regionIds must name at least one region')
    .max(MAX_CLEAN_REGIONS, `regionIds must name at most ${MAX_CLEAN_REGIONS} regions`)
    .refine((ids) => new Set(ids).size === ids.length, 'regionIds must not repeat a region'),
  idempotencyKey: idempotencyKeySchema.optional(),
});
export type CleanBody = z.output<typeof cleanBodySchema>;

/**
 * Files whose URL points inside the network (loopback, link-local such as the cloud
 * metadata service, private ranges): ENS's file servers would fetch from there. Refused
 * unless the deployment sets ALLOW_INTERNAL_FILE_URLS (its file origin is internal).
 */
export function internalFileUrlIssues(data: readonly { url: string }[]): InputIssue[] {
  const issues: InputIssue[] = [];
  data.forEach((file, i) => {
    const problem = internalUrlProblem(file.url);
    if (problem)
      issues.push({
        path: ['data', i, 'url'],
        message: `${problem}; file URLs must be reachable on the internet (an administrator can allow internal ones)`,
      });
  });
  return issues;
}
