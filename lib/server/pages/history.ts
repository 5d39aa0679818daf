import 'server-only';
import { listPushes } from '@/lib/server/pushes';
import { pushListResponseSchema, type PushListResponse } from '@/lib/contracts/pushes';
import { HISTORY_PAGE_SIZE, type HistoryFilters } from '@/lib/contracts/history-filters';

/**
 * The history page's first page, read through the same service as the API route and
 * parsed with the browser's schema, so the first paint and every poll have one shape.
 */
/** The first page and when it was read (the browser's first render prints that same time). */
export async function loadPushHistory(
  appId: string,
  filters: HistoryFilters,
): Promise<{ page: PushListResponse; fetchedAt: number }> {
  const page = await listPushes(appId, {
    name: filters.name || undefined,
    version: filters.version || undefined,
    actor: filters.actor || undefined,
    limit: HISTORY_PAGE_SIZE,
  });
  return { page: pushListResponseSchema.parse(page), fetchedAt: Date.now() };
}
