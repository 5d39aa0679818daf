import { z } from 'zod';
import { versionQuerySchema } from './instance-params';

export const DEFAULT_HISTORY_WINDOW_MS = 60 * 60_000;

/**
 * `since`: an ISO 8601 time or epoch milliseconds; absent → one hour before the
 * request. Returned as epoch ms. A function of the clock so the default is per request.
 */
export function sinceSchema(now: () => number = Date.now) {
  return z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return now() - DEFAULT_HISTORY_WINDOW_MS;
      const ms = /^\d{1,15}$/.test(value)
        ? Number(value)
        : /^\d{4}-\d{2}-\d{2}T/.test(value)
          ? Date.parse(value)
          : Number.NaN;
      if (Number.isNaN(ms)) {
        ctx.addIssue({
          code: 'custom',
          message: 'since must be an ISO time (2026-01-01T12:00:00Z) or epoch milliseconds',
        });
        return z.NEVER;
      }
      return ms;
    });
}

/** `?name=&version=&since=` of `/distribution/history`. */
export const historyQuerySchema = versionQuerySchema.extend({ since: sinceSchema() });

/** The same, with the default window measured on another clock (the route uses ENS's, as its times are). */
export const historyQuerySchemaAt = (now: () => number) => versionQuerySchema.extend({ since: sinceSchema(now) });
export type HistoryQuery = z.output<typeof historyQuerySchema>;
