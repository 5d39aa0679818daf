interface Props {
  complete: boolean;
  reason?: string;
}

/** Numbers from a read that could not be shown whole are a lower bound, and say so. */
export function IncompleteBanner({ complete, reason }: Props) {
  if (complete) return null;
  return (
    <div className="banner banner-warn" role="status" data-testid="incomplete-banner">
      <div>
        <strong>ENS&apos;s answer could not be shown to be complete; these numbers may be missing instances.</strong>
        {reason ? ` ${reason}.` : ''}
      </div>
    </div>
  );
}
