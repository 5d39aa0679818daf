import { useSyncExternalStore } from 'react';

/*
 * The live pages' polling rhythm, one switch for the whole tab: every 5 s while the
 * page is visible, every 30 s in a background tab (still fresh when you come back,
 * without hammering the proxy from forgotten tabs), nothing while paused.
 */
export const POLL_VISIBLE_MS = 5_000;
export const POLL_HIDDEN_MS = 30_000;

let paused = false;
const listeners = new Set<() => void>();

function emit(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  document.addEventListener('visibilitychange', listener);
  return () => {
    listeners.delete(listener);
    document.removeEventListener('visibilitychange', listener);
  };
}

export function setPollingPaused(value: boolean): void {
  paused = value;
  emit();
}

export function usePollingPaused(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => paused,
    () => false,
  );
}

/** The refetch interval for live queries right now (false when paused). */
export function usePollInterval(): number | false {
  return useSyncExternalStore<number | false>(
    subscribe,
    () => (paused ? false : document.visibilityState === 'hidden' ? POLL_HIDDEN_MS : POLL_VISIBLE_MS),
    () => POLL_VISIBLE_MS,
  );
}
