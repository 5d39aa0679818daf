'use client';

import Link from 'next/link';
import { paths } from '@/lib/paths';

interface Props {
  error: Error & { digest?: string; dashboardRequestId?: string | undefined };
  reset: () => void;
  what: string;
}

/** A segment's error view: what failed, that the data is not lost, and how to try again. */
export function RouteError({ error, reset, what }: Props) {
  return (
    <div className="page">
      <div className="banner banner-error" role="alert">
        <div>
          <strong>{what} could not be loaded.</strong> {error.message || 'The server could not answer.'}
          {error.digest ? <span className="muted"> (reference {error.digest})</span> : null}
          {error.dashboardRequestId ? <span className="muted"> (request id {error.dashboardRequestId})</span> : null}
        </div>
      </div>
      <div className="row">
        <button type="button" className="btn btn-primary" onClick={reset}>
          Try again
        </button>
        <Link className="btn" href={paths.apps()}>
          All applications
        </Link>
      </div>
    </div>
  );
}
