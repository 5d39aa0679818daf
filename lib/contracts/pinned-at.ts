import { z } from 'zod';

/**
 * `at` of a version link pinned to a moment: an ISO 8601 UTC time. Anything else is
 * not a pinned link (the page shows the live view and says why), never a guess.
 */
export const pinnedAtSchema = z
  .string()
  .trim()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/,
    'at must be an ISO time such as 2026-11-26T07:00:00Z',
  )
  .transform((v) => Date.parse(v))
  .refine((ms) => Number.isFinite(ms), 'at must be a real calendar time');

/** The pinned moment as epoch ms; null when absent; 'invalid' when present but unreadable. */
export function parsePinnedAt(value: string | null | undefined): number | null | 'invalid' {
  if (value === null || value === undefined || value === '') return null;
  const parsed = pinnedAtSchema.safeParse(value);
  return parsed.success ? parsed.data : 'invalid';
}

/** The ISO form a pinned link carries (to the second, UTC). */
export function formatPinnedAt(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
