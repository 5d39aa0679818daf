'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import { resolveRegions } from '@/lib/ens/strategy';
import { fingerprint } from '@/features/push/model/idempotency';
import { repeatOf } from '@/features/push/model/last-sent';
import { noArchives } from '@/features/push/model/archive-hint';
import { validateDraft } from '@/features/push/model/validate';
import { useRegions } from '@/features/push/api/get-regions';
import { ConfirmPushDialog } from '@/features/push/components/confirm-push-dialog';
import { FileRowsEditor } from '@/features/push/components/file-rows-editor';
import { ModeAndDistribution } from '@/features/push/components/mode-and-distribution';
import { PushPreview } from '@/features/push/components/push-preview';
import { PushResult } from '@/features/push/components/push-result';
import { StrategyBuilder } from '@/features/push/components/strategy-builder';
import { SubmitBar } from './submit-bar';
import { usePushDraft } from './use-push-draft';
import { usePushSubmit } from './use-push-submit';
import styles from './push-form.module.css';

export function PushFormBody({
  appId,
  appName,
  allowInternalUrls,
}: {
  appId: string;
  appName: string;
  allowInternalUrls: boolean;
}) {
  const { draft, dispatch, dist, patchDist } = usePushDraft(appId);
  const regionsQuery = useRegions(appId);
  const regions = regionsQuery.data;
  const regionIds = useMemo(() => regions?.map((r) => r.regionId), [regions]);
  const validation = useMemo(
    () => validateDraft(draft, dist, regionIds, { allowInternalUrls }),
    [draft, dist, regionIds, allowInternalUrls],
  );
  const print = validation.request ? fingerprint(appId, validation.request) : undefined;
  const push = usePushSubmit(appId, draft, dispatch);
  // URLs that name no archive turn "Decompress" off once, when they become so; the person may turn it back on.
  const plainFiles = noArchives(draft.files.map((f) => f.url));
  const wasPlain = useRef(plainFiles);
  useEffect(() => {
    if (plainFiles && !wasPlain.current && dist.decompress) patchDist({ decompress: false });
    wasPlain.current = plainFiles;
  }, [plainFiles, dist.decompress, patchDist]);

  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [focusFirstError, setFocusFirstError] = useState(0);
  const formRef = useRef<HTMLDivElement>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);
  const reviewRef = useRef<HTMLButtonElement>(null);

  const serverErrors = push.serverErrorsFor(print);
  const errorFor = (key: string) => ((submitted || touched.has(key)) && validation.errors[key]) || serverErrors[key];
  const onTouch = (key: string) => setTouched((t) => (t.has(key) ? t : new Set(t).add(key)));

  const targeted = useMemo(() => {
    if (!regionIds || draft.scope === 'unset') return [];
    if (draft.scope === 'all') return regionIds;
    return resolveRegions(
      validation.request?.strategy ??
        draft.policies.map((p) => ({ name: 'ScheduleToRegionId' as const, operator: p.operator, values: p.values })),
      regionIds,
    );
  }, [regionIds, draft.scope, draft.policies, validation.request]);

  useEffect(() => {
    if (focusFirstError === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-section-error="true"]')?.focus();
  }, [focusFirstError]);

  useEffect(() => {
    if (push.result) resultRef.current?.focus();
  }, [push.result]);

  // Focus can only return once the modal dialog has left the page (it makes the rest inert).
  const returnFocus = useRef(false);
  useEffect(() => {
    if (confirming || !returnFocus.current) return;
    returnFocus.current = false;
    reviewRef.current?.focus();
  }, [confirming]);

  const problems = Object.keys({ ...validation.errors, ...serverErrors }).length;

  function review() {
    setSubmitted(true);
    push.clearError();
    if (!validation.request) {
      setFocusFirstError((n) => n + 1);
      return;
    }
    setConfirming(true);
  }

  return (
    <div ref={formRef} className={styles.form}>
      {push.result ? (
        <PushResult
          appId={appId}
          result={push.result}
          onDismiss={push.dismissResult}
          onNewPush={() => {
            push.dismissResult();
            setSubmitted(false);
            setTouched(new Set());
            dispatch({ type: 'startNewPush' });
          }}
          headingRef={resultRef}
        />
      ) : null}
      <FileRowsEditor files={draft.files} dispatch={dispatch} errorFor={errorFor} onTouch={onTouch} />
      <ModeAndDistribution
        mode={draft.mode}
        onMode={(mode) => dispatch({ type: 'setMode', mode })}
        dist={dist}
        onDist={patchDist}
        errorFor={errorFor}
        onTouch={onTouch}
        plainFiles={plainFiles}
      />
      <StrategyBuilder
        appId={appId}
        draft={draft}
        dispatch={dispatch}
        regions={regions}
        regionsError={regionsQuery.error?.message}
        targeted={targeted}
        errorFor={errorFor}
        onTouch={onTouch}
      />
      <PushPreview appId={appId} request={validation.request} regionIds={regionIds ?? []} />
      <SubmitBar
        ref={reviewRef}
        files={draft.files.length}
        targeted={targeted}
        regions={regions}
        scope={draft.scope}
        problems={submitted ? problems : 0}
        formError={errorFor('form') || undefined}
        error={confirming ? undefined : push.error}
        pending={push.pending}
        onReview={review}
      />
      {confirming && validation.request && regions ? (
        <ConfirmPushDialog
          open
          appName={appName}
          request={validation.request}
          regions={regions}
          targeted={targeted}
          inFlight={push.pending}
          error={push.error}
          repeats={repeatOf(push.lastSent, validation.request.data)}
          appId={appId}
          onCancel={() => {
            returnFocus.current = true;
            setConfirming(false);
          }}
          onConfirm={() =>
            validation.request &&
            push.submit(validation.request, (outcome) => {
              if (outcome === 'failed') return;
              setConfirming(false);
              if (outcome === 'invalid') setFocusFirstError((n) => n + 1);
            })
          }
        />
      ) : null}
    </div>
  );
}
