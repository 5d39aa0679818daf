import { useState } from 'react';
import type { Sample } from '@/lib/domain/progress';
import type { StatusCounts } from '@/lib/domain/status';

// An hour of 5-second polls; older points come from the server's history anyway.
const MAX_SAMPLES = 720;

/**
 * The counts this page has seen, one sample per server fetch. They let the rate, the
 * ETA and the progress chart work from the first minutes on, even where the server
 * has no history yet.
 */
export function useObservedSamples(fetchedAt: number, counts: StatusCounts, key: string): Sample[] {
  const [state, setState] = useState<{ key: string; samples: Sample[] }>({ key, samples: [{ t: fetchedAt, counts }] });
  // Adjusting state while rendering (React's documented pattern) instead of an effect: no extra paint.
  if (state.key !== key) {
    setState({ key, samples: [{ t: fetchedAt, counts }] });
  } else if (state.samples.at(-1)?.t !== fetchedAt) {
    setState({ key, samples: [...state.samples, { t: fetchedAt, counts }].slice(-MAX_SAMPLES) });
  }
  return state.samples;
}
