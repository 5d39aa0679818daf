'use client';

import { useCopyState } from '@/components/ui/use-copy-state';

/** Copies the rollout's status link (the address bar holds the same one without clipboard permission). */
export function CopyRolloutLink() {
  const [state, copy] = useCopyState(2500);
  return (
    <div>
      <button type="button" className="btn btn-primary" onClick={() => copy(window.location.href)}>
        {state === 'copied' ? 'Link copied' : 'Copy status link'}
      </button>
      <span className="sr-only" role="status">
        {state === 'copied' ? 'Link copied' : ''}
      </span>
    </div>
  );
}
