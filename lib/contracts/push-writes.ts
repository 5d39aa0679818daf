import { z } from 'zod';
import { fileNameSchema, fileVersionSchema, filterText } from './instance-params';

/** GET /api/apps/{appId}/pushes */
/** `GET /pushes`' filters: names and versions by the push rules, a cursor only as this server writes them. */
export const pushListQuerySchema = z.object({
  name: fileNameSchema.optional(),
  version: fileVersionSchema.optional(),
  actor: filterText('actor', 200).min(1, 'actor must not be empty').optional(),
  before: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/, 'before is not a cursor this server issued')
    .optional(),
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int()
    .min(1, 'limit must be at least 1')
    .max(200, 'limit must be at most 200')
    .default(50),
});

const fileResults = z.array(
  z.object({
    name: z.string(),
    version: z.string(),
    resultCode: z.number().int(),
    resultDescrip: z.string().optional(),
  }),
);

/** GET /api/apps/{appId}/pushes/outside: optional name and version, as the history filters them. */
export const outsidePushesQuerySchema = z.object({
  name: fileNameSchema.optional(),
  version: fileVersionSchema.optional(),
});

/** 201 of POST /pushes */
export const pushOutcomeSchema = z.object({ pushId: z.string(), requestId: z.string(), results: fileResults });
/** 201 of POST /distributions */
export const distributionOutcomeSchema = z.object({
  distributionId: z.string(),
  requestId: z.string(),
  results: fileResults,
  instanceCount: z.number().int(),
});

/** 201 of POST /cleans */
export const cleanOutcomeSchema = z.object({
  cleanId: z.string(),
  requestIds: z.array(z.string()),
  regionIds: z.array(z.string()),
});

export const healthResponseSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  mode: z.enum(['simulator', 'live']),
  ens: z.object({
    reachable: z.boolean(),
    latencyMs: z.number().nullable(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
  }),
});

export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional(),
  }),
});
