import { replaceEqualDeep } from '@tanstack/react-query';
import { useState } from 'react';

/**
 * The value of the last render while the new one is deep-equal to it: what the cache
 * does within one query (structural sharing), across queries. A filter change answers
 * under a new query key with new objects, equal or not; a memoized child given this
 * value keeps its props, and does not render again, when nothing it shows changed.
 */
export function useSharedValue<T>(value: T): T {
  const [kept, setKept] = useState(value);
  const shared = replaceEqualDeep(kept, value);
  if (shared !== kept) setKept(shared);
  return shared;
}
