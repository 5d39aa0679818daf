import { z } from 'zod';
import { distDataItemSchema, distDataListSchema, pushDataListSchema } from '@/lib/ens/data-files';

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

export const pushBodySchema = z.strictObject({
  data: pushDataListSchema,
  strategy: strategyRequired,
  idempotencyKey: idempotencyKeySchema.optional(),
  distribute: distributeOptionsSchema.optional(),
});
export type PushBody = z.output<typeof pushBodySchema>;

export const distributionBodySchema = z.strictObject({
  data: distDataListSchema,
  strategy: strategyRequired,
  idempotencyKey: idempotencyKeySchema.optional(),
});
export type DistributionBody = z.output<typeof distributionBodySchema>;
