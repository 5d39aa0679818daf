import { z } from 'zod';

/*
 * The push audit log as the browser receives it from GET /pushes, parsed rather than
 * cast. Shared by the client query and the server page's first render, so both have
 * one shape. Times become epoch ms so "N m ago" is one subtraction.
 */

const instant = z.union([z.string(), z.number()]).transform((v) => (typeof v === 'number' ? v : Date.parse(v)));

export const PUSH_KINDS = ['push', 'distribute', 'distribution'] as const;
export type PushKind = (typeof PUSH_KINDS)[number];
export const PUSH_STATES = ['pending', 'sent', 'failed', 'unknown'] as const;
export type PushState = (typeof PUSH_STATES)[number];
export const DIST_STATES = ['waiting', 'distributing', 'sent', 'skipped', 'failed'] as const;
export type DistState = (typeof DIST_STATES)[number];

const recordedError = z.object({
  message: z.string(),
  code: z.string().optional(),
  requestId: z.string().optional(),
  httpStatus: z.number().optional(),
});

export const strategyPolicySchema = z.object({ name: z.string(), operator: z.string(), values: z.array(z.string()) });
export type StrategyPolicyModel = z.output<typeof strategyPolicySchema>;

export const fileResultSchema = z.object({
  name: z.string(),
  version: z.string(),
  resultCode: z.number().int(),
  resultDescrip: z.string().optional(),
});
export type FileResult = z.output<typeof fileResultSchema>;

export const regionPhaseSchema = z.object({
  regionId: z.string(),
  /** DescribeDataPushResult status as ENS says it (PUSHING | SUCCESS | FAILED); null before the first look. */
  pushStatus: z.string().nullable(),
  distState: z.enum(DIST_STATES),
  distRequestId: z.string().nullish().transform((v) => v ?? null),
  error: recordedError.nullish().transform((v) => v ?? null),
  updatedAt: instant,
});
export type RegionPhase = z.output<typeof regionPhaseSchema>;

export const pushEntrySchema = z.object({
  id: z.string(),
  appId: z.string(),
  actor: z.string(),
  kind: z.enum(PUSH_KINDS),
  idempotencyKey: z.string(),
  state: z.enum(PUSH_STATES),
  data: z.array(z.looseObject({ name: z.string(), version: z.string() })),
  strategy: z.array(strategyPolicySchema).nullable(),
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
