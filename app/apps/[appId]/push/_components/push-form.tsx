'use client';

import { useIsClient } from './use-is-client';
import { PushFormBody } from './push-form-body';
import { StagedRolloutEntry } from './staged-rollout-entry';
import { PushKindChoice, usePushKind } from '@/features/rollouts/components/push-kind-choice';

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
  return <PushFormKinds appId={appId} appName={appName} allowInternalUrls={allowInternalUrls} />;
}

function PushFormKinds(props: { appId: string; appName: string; allowInternalUrls: boolean }) {
  const [kind, setKind] = usePushKind(props.appId);
  return (
    <>
      <PushKindChoice kind={kind} onKind={setKind} />
      {kind === 'staged' ? <StagedRolloutEntry {...props} /> : <PushFormBody {...props} />}
    </>
  );
}
