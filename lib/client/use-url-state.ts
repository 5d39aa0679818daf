import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import type { UrlState } from '@/lib/contracts/url-state';

export type WriteMode = 'push' | 'replace';
/** A new state, or how to make it from the state the URL holds at the moment of writing. */
export type NextState<T> = T | ((current: T) => T);

/**
 * A page's state as its URL holds it, read and written through one UrlState (a zod
 * schema and its serializer, lib/contracts/url-state.ts), so a copied link opens the
 * same view. Writes use the History API, which Next.js syncs with useSearchParams
 * without a server round trip: a filter change costs one API call, not a re-render of
 * the server page. Clicks push (Back undoes them); typing replaces. Give `write` an
 * updater when the change is relative to the current filters: it reads the URL as it is
 * when the click lands, so two clicks before the page re-renders both count.
 */
export function useUrlState<T>(state: UrlState<T>, fallback: T) {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const value = useMemo(
    () => state.parse(Object.fromEntries(searchParams)) ?? fallback,
    [state, searchParams, fallback],
  );
  const write = useCallback(
    (next: NextState<T>, mode: WriteMode = 'push', extra: Record<string, string | null> = {}) => {
      const resolved =
        typeof next === 'function'
          ? (next as (current: T) => T)(
              state.parse(Object.fromEntries(new URLSearchParams(window.location.search))) ?? fallback,
            )
          : next;
      const params = state.toParams(resolved);
      for (const [k, v] of Object.entries(extra)) if (v !== null) params.set(k, v);
      const qs = params.toString();
      const url = qs ? `${pathname}?${qs}` : pathname;
      if (mode === 'push') window.history.pushState(null, '', url);
      else window.history.replaceState(null, '', url);
    },
    [state, pathname, fallback],
  );
  return { value, write, searchParams };
}
