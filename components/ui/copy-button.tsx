'use client';

import { useCopyState } from './use-copy-state';

/** Copies text to the clipboard and says so, in words a screen reader hears too. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  // Clipboard access needs a secure context or permission; on failure the text stays selectable.
  const [state, copy] = useCopyState(2_000);

  return (
    <>
      <button type="button" className="btn btn-sm" onClick={() => copy(text)} aria-label={`Copy ${label}`}>
        {state === 'copied' ? 'Copied' : 'Copy'}
      </button>
      <span className="sr-only" aria-live="polite">
        {state === 'copied'
          ? `${label} copied`
          : state === 'failed'
            ? `Could not copy ${label}; select the text instead`
            : ''}
      </span>
    </>
  );
}
