'use client';

import { useEffect, useState } from 'react';

/**
 * True once the element comes within `margin` of the viewport, and from then on: a part
 * of the page that loads its code when reached starts loading a little before it shows.
 * Returns a callback ref, so an element that appears later is observed too.
 */
export function useReached<T extends Element>(margin = '300px'): [(el: T | null) => void, boolean] {
  const [el, setEl] = useState<T | null>(null);
  const [reached, setReached] = useState(false);
  useEffect(() => {
    if (reached || !el) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setReached(true);
      },
      { rootMargin: margin },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [el, margin, reached]);
  return [setEl, reached];
}
