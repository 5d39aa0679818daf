'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { PushDraft } from '@/features/push/model/draft';
import type { DraftAction } from '@/features/push/model/draft-reducer';
import { fingerprint, isDefinitiveFailure, keyFor } from '@/features/push/model/idempotency';
import { readStored, writeStored } from '@/features/push/model/storage';
import { validateDraft, type DistributionSettings, type FieldErrors } from '@/features/push/model/validate';
import { useRegions } from '@/features/push/api/get-regions';
import { FileRowsEditor } from '@/features/push/components/file-rows-editor';
import { ApiError } from '@/lib/client/api-error';
import { fetchJson } from '@/lib/client/fetch-json';
import { rolloutListSchema, type RolloutSummary } from '@/lib/contracts/rollouts';
import { FINAL_STATES } from '@/lib/domain/rollout-states';
import { ensCallSequence, stageImpacts } from '@/lib/domain/rollout-templates';
import { paths } from '@/lib/paths';
import { useCreateRollout } from '@/features/rollouts/api/rollouts';
import { useRegionRates } from '@/features/rollouts/api/region-rates';
import {
  cumulativeRegions,
  emptyPlan,
  emptyStage,
  planDraftSchema,
  toPlanErrors,
  validatePlan,
  type PlanDraft,
  type StageDraft,
} from '@/features/rollouts/model/plan-draft';
import { ConfirmRolloutDialog } from './confirm-rollout-dialog';
import { DistributionFields } from './distribution-fields';
import { PlanToolbar } from './plan-toolbar';
import { StageCard } from './stage-card';
import styles from './plan.module.css';

interface Props {
  appId: string;
  appName: string;
  allowInternalUrls: boolean;
  /** The push form's draft and distribution settings: the same files whichever way they go out. */
  draft: PushDraft;
  dispatch: (action: DraftAction) => void;
  dist: DistributionSettings;
  patchDist: (patch: Partial<DistributionSettings>) => void;
}

const planStorageKey = (appId: string) => `ens-rollout-plan:${appId}`;

/** Another active rollout of the same data file, named by the server's 409 and found in the list. */
interface Conflict {
  message: string;
  others: RolloutSummary[];
}

/** The staged rollout: files and distribution as for a push, then ordered, gated stages. */
export function StagedRolloutForm({ appId, appName, allowInternalUrls, draft, dispatch, dist, patchDist }: Props) {
  const router = useRouter();
  const regionsQuery = useRegions(appId);
  const regions = regionsQuery.data;
  const regionIds = useMemo(() => regions?.map((r) => r.regionId), [regions]);
  const rates = useRegionRates(appId);
  const [plan, setPlan] = useState<PlanDraft>(
    () => readStored(window.localStorage, planStorageKey(appId), planDraftSchema) ?? emptyPlan(),
  );
  useEffect(() => {
    writeStored(window.localStorage, planStorageKey(appId), plan);
  }, [appId, plan]);

  // Files and distribution are checked by the push form's own rules (their errors land on the same fields).
  const pushCheck = useMemo(
    () =>
      validateDraft({ ...draft, scope: 'all', mode: 'push-and-distribute' }, dist, regionIds, { allowInternalUrls }),
    [draft, dist, regionIds, allowInternalUrls],
  );
  const check = useMemo(() => {
    const request = pushCheck.request;
    const pushed = request ? { data: request.data, distribute: request.distribute ?? {} } : undefined;
    return validatePlan(plan, pushed, regionIds, draft);
  }, [plan, pushCheck.request, regionIds, draft]);
  const localErrors: FieldErrors = { ...pushCheck.errors, ...check.errors };
  delete localErrors.strategy;
  const print = check.body ? fingerprint(appId, check.body) : undefined;

  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [serverErrors, setServerErrors] = useState<{ print: string; errors: FieldErrors } | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const [conflict, setConflict] = useState<Conflict | undefined>();
  const [focusFirstError, setFocusFirstError] = useState(0);
  const formRef = useRef<HTMLDivElement>(null);
  const inFlight = useRef(false);
  const create = useCreateRollout();

  const fromServer = serverErrors && serverErrors.print === print ? serverErrors.errors : {};
  const errorFor = (key: string) => ((submitted || touched.has(key)) && localErrors[key]) || fromServer[key];
  const onTouch = (key: string) => setTouched((t) => (t.has(key) ? t : new Set(t).add(key)));
  const problems = Object.keys({ ...localErrors, ...fromServer }).length;

  useEffect(() => {
    if (focusFirstError === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-section-error="true"]')?.focus();
  }, [focusFirstError]);

  const cumulative = useMemo(() => cumulativeRegions(plan.stages), [plan.stages]);
  const impacts = useMemo(() => (regions ? stageImpacts(cumulative, regions) : undefined), [cumulative, regions]);
  const totalInstances = regions?.reduce((sum, r) => sum + r.instanceCount, 0) ?? 0;
  const calls = useMemo(
    () =>
      ensCallSequence(
        plan.stages.map((s, i) => ({
          name: s.name || `stage ${i + 1}`,
          newRegions: impacts?.[i]?.newRegions ?? [],
          addedInstances: impacts?.[i]?.addedInstances ?? 0,
          gate: check.body?.stages[i]?.gate,
          bakeSeconds: check.body?.stages[i]?.bakeSeconds,
          approval: s.approval,
          approvalTimeoutSeconds: check.body?.stages[i]?.approvalTimeoutSeconds,
          onBreach: s.onBreach,
        })),
        draft.files.map((f) => f.name.trim()).filter(Boolean),
      ),
    [plan.stages, impacts, check.body, draft.files],
  );

  const editStage = (id: string, patch: Partial<StageDraft>) =>
    setPlan((p) => ({ ...p, stages: p.stages.map((s) => (s.id === id ? { ...s, ...patch } : s)) }));
  const moveStage = (id: string, by: -1 | 1) =>
    setPlan((p) => {
      const from = p.stages.findIndex((s) => s.id === id);
      const to = from + by;
      const stage = p.stages[from];
      if (!stage || to < 0 || to >= p.stages.length) return p;
      const stages = [...p.stages];
      stages.splice(from, 1);
      stages.splice(to, 0, stage);
      // Only the last stage may cover every region.
      return { ...p, stages: stages.map((s, i) => (i < stages.length - 1 ? { ...s, everyRegion: false } : s)) };
    });
  const removeStage = (id: string) =>
    setPlan((p) => (p.stages.length <= 1 ? p : { ...p, stages: p.stages.filter((s) => s.id !== id) }));
  const addStage = () =>
    setPlan((p) => {
      const stages = [...p.stages];
      // A new stage goes before the last one (usually "all"), which stays last.
      stages.splice(Math.max(stages.length - 1, 0), 0, emptyStage(`stage-${stages.length + 1}`));
      return { ...p, stages };
    });

  function review() {
    setSubmitted(true);
    setFailure(undefined);
    setConflict(undefined);
    if (!check.body) {
      setFocusFirstError((n) => n + 1);
      return;
    }
    setConfirming(true);
  }

  function submit() {
    const body = check.body;
    if (!body || !print || inFlight.current) return;
    inFlight.current = true;
    const attempt = keyFor(plan.pending, print);
    setPlan((p) => ({ ...p, pending: attempt }));
    create.mutate(
      { appId, body, idempotencyKey: attempt.key },
      {
        onSuccess: (answer) => {
          setPlan((p) => ({ ...p, pending: null }));
          setConfirming(false);
          router.push(paths.rollout(appId, answer.rolloutId));
        },
        onError: async (err) => {
          const api = err instanceof ApiError ? err : new ApiError(0, { code: 'Unexpected', message: err.message });
          if (isDefinitiveFailure(api.status, api.code) || api.status === 409)
            setPlan((p) => ({ ...p, pending: null }));
          setConfirming(false);
          if (api.status === 400 && api.issues.length > 0) {
            setServerErrors({ print, errors: toPlanErrors(api.issues, plan, draft) });
            setFailure(`Some fields need fixing: ${api.message}`);
            setFocusFirstError((n) => n + 1);
          } else if (api.status === 409) {
            setConflict({ message: api.message, others: await activeRolloutsOf(appId, body.data) });
          } else {
            setFailure(
              api.status === 0 || api.status >= 500
                ? `${api.message} Trying again is safe: the same request key is sent again.`
                : api.message,
            );
          }
        },
        onSettled: () => {
          inFlight.current = false;
        },
      },
    );
  }

  const earlierOf = (index: number) => new Set(index > 0 ? (cumulative[index - 1] ?? []) : []);

  return (
    <div ref={formRef} className="stack">
      <FileRowsEditor files={draft.files} dispatch={dispatch} errorFor={errorFor} onTouch={onTouch} />
      <DistributionFields dist={dist} onDist={patchDist} errorFor={errorFor} onTouch={onTouch} />
      <section className={`card ${styles.section}`} aria-labelledby="plan-heading">
        <div>
          <h2 id="plan-heading">3. Stages</h2>
          <p className={styles.lead}>
            Each stage widens the last and is gated: it passes only when enough of its instances finished with few
            enough failures, bakes, and then promotes (or waits for your approval). Blank gate fields take the defaults
            shown. Region rates are the success share of this application&apos;s{' '}
            {rates.versions.length > 0 ? `${rates.versions.length} most recent versions` : 'recent versions'} in each
            region.
          </p>
        </div>
        {regionsQuery.error ? (
          <div className="banner banner-error" role="alert">
            The application&apos;s regions could not be loaded: {regionsQuery.error.message}
          </div>
        ) : null}
        {regions && regionIds ? (
          <PlanToolbar
            appId={appId}
            regions={regions}
            regionIds={regionIds}
            rates={rates.rates}
            stagesForSave={check.body?.stages}
            onApply={(stages) => {
              setPlan((p) => ({ ...p, stages }));
              setTouched(new Set());
            }}
          />
        ) : (
          <p className="muted">Loading regions…</p>
        )}
        <label className={styles.check}>
          <input
            type="checkbox"
            checked={plan.startApproval}
            onChange={(e) => setPlan((p) => ({ ...p, startApproval: e.target.checked }))}
          />
          Wait for a person to approve before the first stage starts
        </label>
        {regions ? (
          <ol className={styles.stages} aria-label="Stages">
            {plan.stages.map((stage, index) => (
              <StageCard
                key={stage.id}
                stage={stage}
                index={index}
                count={plan.stages.length}
                regions={regions}
                earlier={earlierOf(index)}
                impact={impacts?.[index]}
                totalInstances={totalInstances}
                rates={rates.rates}
                errorFor={errorFor}
                onTouch={onTouch}
                onChange={(patch) => editStage(stage.id, patch)}
                onMove={(by) => moveStage(stage.id, by)}
                onRemove={() => removeStage(stage.id)}
              />
            ))}
          </ol>
        ) : null}
        <p className="field-error" aria-live="polite">
          {errorFor('stages')}
        </p>
        <div>
          <button type="button" className="btn" onClick={addStage} disabled={plan.stages.length >= 10}>
            + Add stage
          </button>
        </div>
      </section>
      <section className={`card ${styles.section}`} aria-labelledby="calls-heading">
        <h2 id="calls-heading">4. The ENS calls this plan makes</h2>
        <ol className={styles.calls} data-testid="ens-calls">
          {calls.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ol>
      </section>
      {conflict ? (
        <div className="banner banner-error" role="alert" data-testid="rollout-conflict">
          <strong>Another rollout of this data file is still active.</strong> {conflict.message}{' '}
          {conflict.others.map((o) => (
            <Link key={o.rolloutId} href={paths.rollout(appId, o.rolloutId)}>
              Open rollout {o.rolloutId} ({o.state})
            </Link>
          ))}
        </div>
      ) : null}
      <div className={styles.submitBar}>
        <div role="alert">
          {submitted && problems > 0 ? (
            <span className="field-error">
              {problems} problem{problems === 1 ? '' : 's'} to fix before starting
              {localErrors.form || fromServer.form
                ? `: ${localErrors.form ?? fromServer.form}`
                : '; each is shown next to its field.'}
            </span>
          ) : failure ? (
            <span className="field-error">{failure}</span>
          ) : (
            <span>
              {plan.stages.length} stage{plan.stages.length === 1 ? '' : 's'} · {draft.files.length} file
              {draft.files.length === 1 ? '' : 's'}
            </span>
          )}
        </div>
        <button type="button" className="btn btn-primary" onClick={review} disabled={create.isPending}>
          {create.isPending ? 'Starting…' : 'Review and start rollout…'}
        </button>
      </div>
      {confirming && check.body && impacts ? (
        <ConfirmRolloutDialog
          appName={appName}
          stages={plan.stages}
          impacts={impacts}
          startApproval={plan.startApproval}
          inFlight={create.isPending}
          onCancel={() => setConfirming(false)}
          onConfirm={submit}
        />
      ) : null}
    </div>
  );
}

/** The active rollouts of any of these files: what a 409 refers to, for a link. */
async function activeRolloutsOf(appId: string, data: readonly { name: string }[]): Promise<RolloutSummary[]> {
  const names = [...new Set(data.map((d) => d.name))];
  try {
    const lists = await Promise.all(
      names.map(
        async (name) => rolloutListSchema.parse(await fetchJson<unknown>(paths.api.rollouts(appId, { name }))).rollouts,
      ),
    );
    const active = lists.flat().filter((r) => !FINAL_STATES.includes(r.state));
    return active.filter((r, i) => active.findIndex((o) => o.rolloutId === r.rolloutId) === i);
  } catch {
    return [];
  }
}
