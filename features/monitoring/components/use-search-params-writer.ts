import { usePathname } from 'next/navigation';
import { useCallback } from 'react';

/**
 * Writes filters to the URL with the History API, which Next.js syncs with
 * useSearchParams without a server round trip: a filter change costs one API call,
 * not a re-render of the server page. Clicks push (Back undoes them); typing replaces.
 */
export function useSearchParamsWriter(): (params: URLSearchParams, mode?: 'push' | 'replace') => void {
  const pathname = usePathname();
  return useCallback(
    (params, mode = 'push') => {
      const qs = params.toString();
      const url = qs ? `${pathname}?${qs}` : pathname;
      if (mode === 'push') window.history.pushState(null, '', url);
      else window.history.replaceState(null, '', url);
    },
    [pathname],
  );
}
