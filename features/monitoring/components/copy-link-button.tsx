'use client';

import { useCopyState } from '@/components/ui/use-copy-state';

/** Copies the page's current URL (every filter included) so a colleague opens the same view. */
export function CopyLinkButton() {
  // Without clipboard permission the address bar still holds the same link.
  const [state, copy] = useCopyState(2500);

  return (
    <>
      <button type="button" className="btn btn-primary" onClick={() => copy(window.location.href)}>
        {state === 'copied' ? 'Link copied' : 'Copy status link'}
      </button>
      <span className="sr-only" role="status">
        {state === 'copied' ? 'Status link copied' : state === 'failed' ? 'Could not copy; copy the address bar instead' : ''}
      </span>
    </>
  );
}
