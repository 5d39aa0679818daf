import { useEffect, useReducer, useState } from 'react';
import { emptyDraft } from '@/features/push/model/draft';
import { draftReducer } from '@/features/push/model/draft-reducer';
import { readDistribution, readDraft, storageKeys, writeStored } from '@/features/push/model/storage';
import { defaultDistribution, type DistributionSettings } from '@/features/push/model/validate';

/**
 * The draft and the distribution settings, saved to localStorage on every change so a
 * reload, a crash or a closed tab loses nothing. Client-only (see useIsClient).
 */
export function usePushDraft(appId: string) {
  const [draft, dispatch] = useReducer(draftReducer, appId, (id) => readDraft(window.localStorage, id) ?? emptyDraft());
  const [dist, setDist] = useState<DistributionSettings>(
    () => readDistribution(window.localStorage, appId) ?? defaultDistribution(),
  );

  useEffect(() => {
    writeStored(window.localStorage, storageKeys.draft(appId), draft);
  }, [appId, draft]);
  useEffect(() => {
    writeStored(window.localStorage, storageKeys.distribution(appId), dist);
  }, [appId, dist]);

  return {
    draft,
    dispatch,
    dist,
    patchDist: (patch: Partial<DistributionSettings>) => setDist((d) => ({ ...d, ...patch })),
  };
}
