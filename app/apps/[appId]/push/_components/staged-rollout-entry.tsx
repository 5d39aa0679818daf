'use client';

import { StagedRolloutForm } from '@/features/rollouts/components/staged-rollout-form';
import { usePushDraft } from './use-push-draft';

/** The staged rollout on the push page, over the same remembered draft and distribution settings. */
export function StagedRolloutEntry(props: { appId: string; appName: string; allowInternalUrls: boolean }) {
  const { draft, dispatch, dist, patchDist } = usePushDraft(props.appId);
  return <StagedRolloutForm {...props} draft={draft} dispatch={dispatch} dist={dist} patchDist={patchDist} />;
}
