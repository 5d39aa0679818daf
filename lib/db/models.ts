import { z } from 'zod';
import type { StatusCounts } from '@/lib/domain/status';

/**
 * Shapes of what the database keeps in JSON columns. Deliberately loose objects: the
 * ENS-facing schemas (lib/ens) own validation of what is sent; the audit log must
 * keep whatever was sent, including fields added later, so unknown keys pass through.
 */
export const jsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValueSchema),
    z.record(z.string(), jsonValueSchema),
  ]),
);
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One file descriptor of PushApplicationData's `Data`; name and version identify it. */
export const pushDataFileSchema = z.looseObject({
  name: z.string().min(1),
  version: z.string().min(1),
});
export type PushDataFile = z.output<typeof pushDataFileSchema>;
export const pushDataSchema = z.array(pushDataFileSchema).min(1);

/** The `distribute` options of a push-and-distribute, as the audit log keeps them. */
export const storedDistributeOptionsSchema = z.looseObject({
  destPath: z.string().min(1),
  decompress: z.boolean(),
  targetDirName: z.string().optional(),
  fileMode: z.number().int().optional(),
  timeout: z.number().int().positive(),
});
export type DistributeOptions = z.output<typeof storedDistributeOptionsSchema>;

/** One entry of PushResults / DistResults: what ENS answered per file. */
export const fileResultCodeSchema = z.looseObject({
  name: z.string(),
  version: z.string(),
  resultCode: z.number().int(),
  resultDescrip: z.string().optional(),
});
export type FileResultCode = z.output<typeof fileResultCodeSchema>;
export const fileResultCodesSchema = z.array(fileResultCodeSchema);

/** A failure as recorded: short human message plus whatever ENS said. */
export const recordedErrorSchema = z.looseObject({
  message: z.string(),
  code: z.string().optional(),
  requestId: z.string().optional(),
  httpStatus: z.number().int().optional(),
});
export type RecordedError = z.output<typeof recordedErrorSchema>;

/** Instance counts by DescribeDataDistResult status; a missing status counts 0. */
export const statusCountsSchema = z.object({
  SUCCESS: z.number().int().nonnegative().default(0),
  FAILED: z.number().int().nonnegative().default(0),
  DISTING: z.number().int().nonnegative().default(0),
  POD_RESTARTING: z.number().int().nonnegative().default(0),
  DELETED: z.number().int().nonnegative().default(0),
});
export const countsByRegionSchema = z.record(z.string(), statusCountsSchema);
export type { StatusCounts };
export type CountsByRegion = z.output<typeof countsByRegionSchema>;

/** One data file version of one application: what the watcher sweeps and charts show. */
export interface VersionKey {
  appId: string;
  name: string;
  version: string;
}
