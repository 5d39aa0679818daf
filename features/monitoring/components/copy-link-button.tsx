'use client';

import { useCopyState } from '@/components/ui/use-copy-state';
import { formatPinnedAt } from '@/lib/contracts/pinned-at';
import { paths } from '@/lib/paths';

/**
 * Copies the page's current URL (every filter included) so a colleague opens the same
 * view: the live link, or one pinned to this moment (`&at=`) that keeps showing the
 * version as it stands now, labelled as a past view.
 */
export function CopyLinkButton() {
  // Without clipboard permission the address bar still holds the same link.
  const [state, copy] = useCopyState(2500);
  const [pinnedState, copyPinned] = useCopyState(2500);

  return (
    <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
      <button
        type="button"
        className="btn btn-primary"
        onClick={() => copy(new URL(paths.pinned(window.location.href, null), window.location.href).href)}
      >
        {state === 'copied' ? 'Link copied' : 'Copy status link'}
      </button>
      <button
        type="button"
        className="btn"
        title="A link that shows this version as it stands now, even after it changes"
        onClick={() =>
          copyPinned(new URL(paths.pinned(window.location.href, formatPinnedAt(Date.now())), window.location.href).href)
        }
      >
        {pinnedState === 'copied' ? 'Pinned link copied' : 'Copy link pinned to now'}
      </button>
      <span className="sr-only" role="status">
        {state === 'copied'
          ? 'Status link copied'
          : pinnedState === 'copied'
            ? 'Link pinned to this moment copied'
            : state === 'failed' || pinnedState === 'failed'
              ? 'Could not copy; copy the address bar instead'
              : ''}
      </span>
    </div>
  );
}
