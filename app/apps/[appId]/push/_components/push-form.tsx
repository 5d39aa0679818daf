'use client';

import { useIsClient } from './use-is-client';
import { PushFormBody } from './push-form-body';

/** The push form renders in the browser only: its first state comes from localStorage. */
export function PushForm({
  appId,
  appName,
  allowInternalUrls = false,
}: {
  appId: string;
  appName: string;
  allowInternalUrls?: boolean;
}) {
  const isClient = useIsClient();
  if (!isClient) {
    return (
      <p className="muted" role="status">
        Loading the push form…
      </p>
    );
  }
  return <PushFormBody appId={appId} appName={appName} allowInternalUrls={allowInternalUrls} />;
}
