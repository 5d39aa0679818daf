import { z } from 'zod';

/**
 * An ENS application id as the dashboard accepts it, in a route or a client call alike:
 * ENS issues UUIDs (docs/ens.md §5); letters, digits, - and _ (starting with a letter
 * or digit, at most 64) cover them and any id a future format may bring, and keep the
 * id safe in a URL path and a log line.
 */
export const appIdSchema = z
  .string({ error: 'appId is required' })
  .min(1, 'appId is required')
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'appId must be an ENS application id (letters, digits, - and _)');
