'use client';

import { useCopyState } from '@/components/ui/use-copy-state';
import { formatPinnedAt } from '@/lib/contracts/pinned-at';
import { paths } from '@/lib/paths';

/**
 * Copies the page's current URL (every filter included) so a colleague opens the same
 * view: the live link, or one pinned to this moment (`&at=`) that keeps showing the
 * version as it stands now, labelled as a past view. "Copy badge" copies Markdown
 * showing the version's status badge, linked to this page: the badge URL is signed
 * (`badgePath`, made by the server), so a wiki or chat shows it without a session.
 */
export function CopyLinkButton({ badgePath }: { badgePath: string }) {
  // Without clipboard permission the address bar still holds the same link.
  const [state, copy] = useCopyState(2500);
  const [pinnedState, copyPinned] = useCopyState(2500);
  const [badgeState, copyBadge] = useCopyState(2500);

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
      <button
        type="button"
        className="btn"
        title="Markdown for a wiki or README: this version's live status badge, linked to this page"
        data-badge-path={badgePath}
        onClick={() => {
          const page = new URL(paths.pinned(window.location.href, null), window.location.href).href;
          copyBadge(`[![Rollout status](${new URL(badgePath, window.location.href).href})](${page})`);
        }}
      >
        {badgeState === 'copied' ? 'Badge copied' : 'Copy badge'}
      </button>
      <span className="sr-only" role="status">
        {state === 'copied'
          ? 'Status link copied'
          : pinnedState === 'copied'
            ? 'Link pinned to this moment copied'
            : badgeState === 'copied'
              ? 'Badge Markdown copied'
              : state === 'failed' || pinnedState === 'failed' || badgeState === 'failed'
                ? 'Could not copy; copy the address bar instead'
                : ''}
      </span>
    </div>
  );
}
