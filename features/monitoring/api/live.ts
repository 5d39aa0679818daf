import { keepPreviousData } from '@tanstack/react-query';
import { POLL_VISIBLE_MS } from '@/lib/client/polling';

/**
 * Polled in background tabs too, at the slower rate usePollInterval() picks. An answer
 * counts as fresh until its next poll is due: a part of the page that mounts later
 * (a chart loaded when reached, a panel opened) shows what the page already holds
 * instead of asking the server again for the same sweep.
 */
export const live = {
  refetchIntervalInBackground: true,
  placeholderData: keepPreviousData,
  staleTime: POLL_VISIBLE_MS,
} as const;
