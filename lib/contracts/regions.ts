import { z } from 'zod';

/** GET /api/apps/{appId}/regions: the application's regions with their instance counts. */
export const regionsResponseSchema = z.object({
  regions: z.array(
    z.object({
      regionId: z.string(),
      name: z.string().optional(),
      instanceCount: z.number().int().min(0),
    }),
  ),
});
export type RegionModel = z.output<typeof regionsResponseSchema>['regions'][number];
