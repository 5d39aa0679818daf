'use client';

import { useEffect, useState } from 'react';

/** Copies the page's current URL (every filter included) so a colleague opens the same view. */
export function CopyLinkButton() {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setState('copied');
    } catch {
      // Without clipboard permission the address bar still holds the same link.
      setState('failed');
    }
  }

  return (
    <>
      <button type="button" className="btn btn-primary" onClick={copy}>
        {state === 'copied' ? 'Link copied' : 'Copy status link'}
      </button>
      <span className="sr-only" role="status">
        {state === 'copied' ? 'Status link copied' : state === 'failed' ? 'Could not copy; copy the address bar instead' : ''}
      </span>
    </>
  );
}
