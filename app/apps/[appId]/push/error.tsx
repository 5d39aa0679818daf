'use client';

export default function PushError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="page">
      <div className="banner banner-error" role="alert">
        <div>
          <strong>The push page failed to load.</strong> Your draft is kept in this browser.{' '}
          <button type="button" className="btn btn-sm" onClick={reset}>
            Try again
          </button>
        </div>
      </div>
    </div>
  );
}
