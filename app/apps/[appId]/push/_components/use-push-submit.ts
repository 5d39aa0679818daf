import { useRef, useState } from 'react';
import type { PushDraft } from '@/features/push/model/draft';
import type { DraftAction } from '@/features/push/model/draft-reducer';
import { describePushError, type ErrorText } from '@/features/push/model/error-text';
import { fingerprint, isDefinitiveFailure, keyFor } from '@/features/push/model/idempotency';
import { toFieldErrors, type FieldErrors, type PushRequest } from '@/features/push/model/validate';
import { ApiError } from '@/lib/client/api-error';
import { useCreatePush } from '@/features/push/api/create-push';
import type { CreatePushResponse as PushResponse } from '@/lib/contracts/pushes';
import { readLastSent, writeLastSent, type LastSent } from '@/features/push/model/last-sent';

const sessionStore = () => (typeof window === 'undefined' ? undefined : window.sessionStorage);

/**
 * Sends the confirmed push once. The in-flight ref closes the gap before React
 * re-renders the disabled button; the idempotency key (kept in the draft until a
 * definitive answer) makes any request that still slips through harmless.
 */
export function usePushSubmit(appId: string, draft: PushDraft, dispatch: (a: DraftAction) => void) {
  const mutation = useCreatePush();
  const inFlight = useRef(false);
  const [result, setResult] = useState<PushResponse | undefined>();
  const [error, setError] = useState<ErrorText | undefined>();
  const [serverErrors, setServerErrors] = useState<{ print: string; errors: FieldErrors } | undefined>();
  // The last push sent from this tab (kept for the session), to warn before the same files go again.
  const [lastSent, setLastSent] = useState<LastSent | undefined>(() => readLastSent(sessionStore(), appId));

  function submit(request: PushRequest, onDone: (outcome: 'ok' | 'invalid' | 'failed') => void) {
    if (inFlight.current) return;
    inFlight.current = true;
    const print = fingerprint(appId, request);
    const attempt = keyFor(draft.pending, print);
    dispatch({ type: 'setPending', pending: attempt });
    setError(undefined);
    mutation.mutate(
      { appId, request, idempotencyKey: attempt.key },
      {
        onSuccess: (response) => {
          dispatch({ type: 'setPending', pending: null });
          setResult(response);
          setServerErrors(undefined);
          const sent = {
            pushId: response.pushId,
            files: request.data.map((f) => ({ name: f.name, version: f.version })),
            at: Date.now(),
          };
          setLastSent(sent);
          writeLastSent(sessionStore(), appId, sent);
          onDone('ok');
        },
        onError: (err) => {
          const api = err instanceof ApiError ? err : new ApiError(0, { code: 'Unexpected', message: err.message });
          if (isDefinitiveFailure(api.status, api.code)) dispatch({ type: 'setPending', pending: null });
          setError(describePushError(api.status, api.code, api.message));
          if (api.status === 400 && api.issues.length > 0) {
            setServerErrors({ print, errors: toFieldErrors(api.issues, draft) });
            onDone('invalid');
          } else onDone('failed');
        },
        onSettled: () => {
          inFlight.current = false;
        },
      },
    );
  }

  return {
    submit,
    pending: mutation.isPending,
    result,
    lastSent,
    dismissResult: () => setResult(undefined),
    error,
    clearError: () => setError(undefined),
    /** Server field errors, only while the request is still the one the server judged. */
    serverErrorsFor: (print: string | undefined): FieldErrors =>
      serverErrors && serverErrors.print === print ? serverErrors.errors : {},
  };
}
