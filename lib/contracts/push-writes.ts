import { z } from 'zod';

/** GET /api/apps/{appId}/pushes */
export const pushListQuerySchema = z.object({
  name: z.string().min(1).max(256).optional(),
  version: z.string().min(1).max(128).optional(),
  actor: z.string().min(1).max(200).optional(),
  before: z.string().min(1).max(200).optional(),
  limit: z.coerce.number({ error: 'limit must be a number' }).int().min(1, 'limit must be at least 1').max(200, 'limit must be at most 200').default(50),
});

const fileResults = z.array(z.object({ name: z.string(), version: z.string(), resultCode: z.number().int(), resultDescrip: z.string().optional() }));

/** 201 of POST /pushes */
export const pushOutcomeSchema = z.object({ pushId: z.string(), requestId: z.string(), results: fileResults });
/** 201 of POST /distributions */
export const distributionOutcomeSchema = z.object({ distributionId: z.string(), requestId: z.string(), results: fileResults, instanceCount: z.number().int() });

export const regionsResponseSchema = z.object({ regions: z.array(z.object({ regionId: z.string() }).loose()) });

export const healthResponseSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  mode: z.enum(['simulator', 'live']),
  ens: z.object({ reachable: z.boolean(), latencyMs: z.number().nullable(), error: z.object({ code: z.string(), message: z.string() }).optional() }),
});

export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional(),
  }),
});
