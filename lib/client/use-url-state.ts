import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useState } from 'react';
import type { UrlState } from '@/lib/contracts/url-state';
import { useSharedValue } from './use-shared-value';

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
 *
 * Next.js hands the new URL to useSearchParams in a transition, which a busy page renders
 * late: until then a controlled checkbox or select would snap back to the old value and
 * the data for the new state would not be asked for. The written state is therefore
 * shown at once, until the URL the hook reads moves (to it, or by Back/Forward).
 * `write` returns the state it wrote, so a caller can start fetching its data in the
 * same event instead of a render later.
 */
export function useUrlState<T>(state: UrlState<T>, fallback: T) {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const fromUrl = useMemo(
    () => state.parse(Object.fromEntries(searchParams)) ?? fallback,
    [state, searchParams, fallback],
  );
  // The state last written, and the URL it was written over: it shows until that URL moves.
  const [written, setWritten] = useState<{ value: T; over: string } | null>(null);
  const current = searchParams.toString();
  if (written && written.over !== current) setWritten(null);
  // When the URL catches up with a write, the state read from it is a new object equal
  // to the one shown since the click: the page keeps the one it has, so memoized parts
  // (the table among them) do not render a second time for the same filters.
  const value = useSharedValue(written?.over === current ? written.value : fromUrl);
  const write = useCallback(
    (next: NextState<T>, mode: WriteMode = 'push', extra: Record<string, string | null> = {}): T => {
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
      // Over the URL the hook still reads: the one before this write, or before the first write it has not seen yet.
      const over = new URLSearchParams(window.location.search).toString();
      setWritten((prev) => ({ value: resolved, over: prev?.over ?? over }));
      if (mode === 'push') window.history.pushState(null, '', url);
      else window.history.replaceState(null, '', url);
      return resolved;
    },
    [state, pathname, fallback],
  );
  return { value, write, searchParams };
}
