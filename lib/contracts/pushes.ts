import { z } from 'zod';
import { PUSH_ACTIONS, PUSH_KINDS, PUSH_STATES, REGION_PHASE_STATES } from '@/lib/domain/push-states';

/*
 * The push audit log as the browser receives it from GET /pushes, parsed rather than
 * cast. Shared by the client query and the server page's first render, so both have
 * one shape. Times become epoch ms so "N m ago" is one subtraction.
 */

const instant = z.union([z.string(), z.number()]).transform((v) => (typeof v === 'number' ? v : Date.parse(v)));

const recordedError = z.object({
  message: z.string(),
  code: z.string().optional(),
  requestId: z.string().optional(),
  httpStatus: z.number().optional(),
});

export const recordedPolicySchema = z.object({ name: z.string(), operator: z.string(), values: z.array(z.string()) });
export type StrategyPolicyModel = z.output<typeof recordedPolicySchema>;

export const fileResultSchema = z.object({
  name: z.string(),
  version: z.string(),
  resultCode: z.number().int(),
  resultDescrip: z.string().optional(),
});

export const regionPhaseSchema = z.object({
  regionId: z.string(),
  /** DescribeDataPushResult status as ENS says it (PUSHING | SUCCESS | FAILED); null before the first look. */
  pushStatus: z.string().nullable(),
  distState: z.enum(REGION_PHASE_STATES),
  distRequestId: z
    .string()
    .nullish()
    .transform((v) => v ?? null),
  error: recordedError.nullish().transform((v) => v ?? null),
  updatedAt: instant,
});
export type RegionPhase = z.output<typeof regionPhaseSchema>;

export const pushEntrySchema = z.object({
  id: z.string(),
  appId: z.string(),
  actor: z.string(),
  kind: z.enum(PUSH_KINDS),
  action: z.enum(PUSH_ACTIONS).nullable().default(null),
  idempotencyKey: z.string(),
  state: z.enum(PUSH_STATES),
  data: z.array(z.looseObject({ name: z.string(), version: z.string() })),
  strategy: z.array(recordedPolicySchema).nullable(),
  /** A push-and-distribute's placement options, as recorded. */
  distribute: z
    .looseObject({})
    .nullish()
    .transform((v) => v ?? null),
  requestId: z.string().nullable(),
  resultCodes: z.array(fileResultSchema).nullable(),
  error: recordedError.nullable(),
  createdAt: instant,
  updatedAt: instant,
  regions: z.array(regionPhaseSchema).default([]),
});
export type PushEntry = z.output<typeof pushEntrySchema>;

export const pushListResponseSchema = z.object({
  pushes: z.array(pushEntrySchema),
  nextCursor: z.string().nullable(),
});
export type PushListResponse = z.output<typeof pushListResponseSchema>;

/** The answer to POST /pushes: what ENS answered per file. */
export const createPushResponseSchema = z.object({
  pushId: z.union([z.string(), z.number()]).transform(String),
  requestId: z.string(),
  results: z.array(
    z.object({
      name: z.string(),
      version: z.string(),
      resultCode: z.number(),
      resultDescrip: z.string().optional().default(''),
    }),
  ),
});
export type CreatePushResponse = z.output<typeof createPushResponseSchema>;

/**
 * GET /pushes/outside: pushes of this application's files that ENS reports and this
 * dashboard did not record, one per file version, so "who pushed what" has no silent gap.
 */
export const outsidePushesResponseSchema = z.object({
  pushes: z.array(
    z.object({
      name: z.string(),
      version: z.string(),
      /** Earliest StartTime ENS gives for it, as ENS writes it (no zone). */
      startedAt: z.string(),
      regions: z.array(z.object({ regionId: z.string(), status: z.string(), statusDescrip: z.string() })),
    }),
  ),
  /** Set when ENS could not be read: the list is then empty, not "nothing outside". */
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type OutsidePushes = z.output<typeof outsidePushesResponseSchema>;
