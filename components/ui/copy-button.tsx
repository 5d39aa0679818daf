'use client';

import { useEffect, useState } from 'react';

/** Copies text to the clipboard and says so, in words a screen reader hears too. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2_000);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      // Clipboard access needs a secure context or permission; the text stays selectable.
      setState('failed');
    }
  }

  return (
    <>
      <button type="button" className="btn btn-sm" onClick={copy} aria-label={`Copy ${label}`}>
        {state === 'copied' ? 'Copied' : 'Copy'}
      </button>
      <span className="sr-only" aria-live="polite">
        {state === 'copied' ? `${label} copied` : state === 'failed' ? `Could not copy ${label}; select the text instead` : ''}
      </span>
    </>
  );
}
