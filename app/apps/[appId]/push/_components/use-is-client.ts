import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/**
 * True once rendering in the browser. The form reads its draft from localStorage in
 * its initial state, so it renders only on the client and the server markup never
 * disagrees with it.
 */
export function useIsClient(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
