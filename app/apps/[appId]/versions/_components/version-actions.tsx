'use client';

import { useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'next/navigation';
import { ModalDialog } from '@/components/ui/modal-dialog';
import { IfCan, useCan, useViewerName } from '@/features/auth/viewer-context';
import { useRegions } from '@/features/push/api/get-regions';
import { usePushStatus } from '@/features/monitoring/api/get-push-status';
import { isDefinitiveFailure } from '@/features/push/model/idempotency';
import { defaultDistribution, distributeSchema, type DistributeSettings } from '@/features/push/model/validate';
import { useVersionAction, useVersionPushes, type ActionRequest } from '@/features/actions/api/version-actions';
import { planActions, regionStrategy, widenAdds, type ActionPlan } from '@/features/actions/model/plan';
import { recordedFor, type Recorded } from '@/features/actions/model/recorded';
import { ApiError } from '@/lib/client/api-error';
import type { DetailResponse } from '@/lib/contracts/monitoring';
import { paths } from '@/lib/paths';
import type { VersionRollout } from '@/features/rollouts/api/rollouts';
import { RolloutActionDialog } from '@/features/rollouts/components/rollout-actions';
import type { RolloutAction } from '@/lib/domain/rollout-states';
import styles from './version-actions.module.css';

/*
 * "Act on what you see": widen, retry failed instances, push a failed pre-push region
 * again, distribute a version that was only pushed, clean it from chosen regions. Each
 * states what it will do, with numbers, in a confirmation; each is recorded in the push
 * history with its actor (the server records who sent it).
 *
 * A plain push is a one-stage rollout and these are its actions. While a staged rollout
 * drives the version, they are the rollout's: widening is approving or promoting its
 * next stage, a retry is its retry, and what it does not offer now is disabled with the
 * reason (the server refuses a person's own write of the version then too).
 */

type Kind = 'widen' | 'retry-failed' | 'retry-prepush' | 'distribute-pushed' | 'clean';
interface Open {
  kind: Kind;
  /** The failed pre-push region, for 'retry-prepush'. */
  regionId?: string;
}

const fmt = (n: number) => n.toLocaleString('en');
const plural = (n: number, word: string) => `${fmt(n)} ${word}${n === 1 ? '' : 's'}`;

interface Props {
  appId: string;
  detail: DetailResponse;
  /** The staged rollout driving this version, if any (useVersionRollout). */
  rollout: VersionRollout | null;
  /** Whether the server lets the person who started a rollout approve it too. */
  selfApproval: boolean;
}

export function VersionActions(props: Props) {
  return (
    <IfCan role="operator">
      <ActionsPanel {...props} />
    </IfCan>
  );
}

function ActionsPanel({ appId, detail, rollout, selfApproval }: Props) {
  const driving = rollout?.active ? rollout : null;
  if (driving) return <DrivenPanel appId={appId} rollout={driving} selfApproval={selfApproval} />;
  return <FreePanel appId={appId} detail={detail} />;
}

/**
 * The actions of a version a staged rollout drives: the rollout's own, named as the
 * version page names them, and the free ones disabled with the reason.
 */
function DrivenPanel({
  appId,
  rollout,
  selfApproval,
}: {
  appId: string;
  rollout: VersionRollout;
  selfApproval: boolean;
}) {
  const { summary, view } = rollout;
  // Four eyes, as on the rollout page: its creator approves only where the server allows it.
  const own = useViewerName() === summary.createdBy;
  const canApprove = useCan('approver') && (selfApproval || !own);
  const [open, setOpen] = useState<RolloutAction | null>(null);
  const [done, setDone] = useState('');
  const opener = useRef<HTMLElement | null>(null);
  const offered = view?.actions ?? [];
  const index = view?.currentStage ?? null;
  const stageState = index === null ? null : (view?.stages[index]?.state ?? null);
  const hasNext = index !== null && index < summary.stageCount - 1;
  const next = hasNext ? view?.stages[index + 1] : undefined;
  // Widening is what the rollout waits for when its stage awaits an approval, or bakes and may be promoted.
  const widenBy: RolloutAction | null =
    !hasNext || !next
      ? null
      : stageState === 'awaiting-approval' && offered.includes('approve') && canApprove
        ? 'approve'
        : offered.includes('promote')
          ? 'promote'
          : null;
  const retry = offered.includes('retry-failed');
  const reasonId = 'version-actions-driven-reason';
  const waitsFor =
    stageState === null
      ? 'the rollout has not started a stage yet'
      : stageState === 'awaiting-approval' && hasNext
        ? own && !selfApproval
          ? 'the next stage waits for an approval by another person (you started this rollout)'
          : 'the next stage waits for an approval by a person with the approver role'
        : !hasNext
          ? 'its last stage already covers every region it will reach'
          : `the current stage is ${stageState}, so the next stage starts when its gate passes`;
  const start = (action: RolloutAction) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setDone('');
    setOpen(action);
  };
  return (
    <section
      className={`card card-pad ${styles.panel}`}
      aria-labelledby="version-actions-title"
      data-testid="version-actions"
    >
      <h2 id="version-actions-title" className={styles.title} tabIndex={-1}>
        Actions
      </h2>
      <p className={styles.note} id={reasonId} data-testid="driven-reason">
        Staged rollout <a href={paths.rollout(appId, summary.rolloutId)}>{summary.rolloutId}</a> drives this version:
        widening, distributing, retrying and cleaning go through its actions, never around it.
        {widenBy ? null : ` Nothing to widen now: ${waitsFor}.`}
      </p>
      <div className={styles.buttons}>
        {widenBy && next ? (
          <button type="button" className={`btn btn-primary ${styles.wrap}`} onClick={() => start(widenBy)}>
            Widen: {widenBy === 'approve' ? 'approve' : 'promote'} the next stage ({next.name})…
          </button>
        ) : (
          <button type="button" className="btn" disabled aria-describedby={reasonId}>
            Widen…
          </button>
        )}
        {retry ? (
          <button type="button" className={`btn ${styles.wrap}`} onClick={() => start('retry-failed')}>
            Retry failed instances of the stage…
          </button>
        ) : (
          <button type="button" className="btn" disabled aria-describedby={reasonId}>
            Retry failed instances…
          </button>
        )}
        <button type="button" className="btn" disabled aria-describedby={reasonId}>
          Clean from regions…
        </button>
      </div>
      <p role="status" className={styles.done} data-testid="action-done">
        {done}
      </p>
      {open ? (
        <RolloutActionDialog
          appId={appId}
          rolloutId={summary.rolloutId}
          action={open}
          onClose={(message) => {
            setOpen(null);
            if (message) setDone(message);
            requestAnimationFrame(() => {
              const target = opener.current?.isConnected
                ? opener.current
                : document.getElementById('version-actions-title');
              target?.focus();
            });
          }}
        />
      ) : null}
    </section>
  );
}

function FreePanel({ appId, detail }: { appId: string; detail: DetailResponse }) {
  const { name, version } = detail;
  const regions = useRegions(appId);
  const prePush = usePushStatus(appId, name, version);
  const pushes = useVersionPushes(appId, name, version);
  const plan = useMemo(
    () => planActions({ byRegion: detail.byRegion, appRegions: regions.data ?? [], prePush: prePush.data ?? [] }),
    [detail.byRegion, regions.data, prePush.data],
  );
  const recorded = useMemo(() => recordedFor(pushes.data ?? [], name, version), [pushes.data, name, version]);
  const [chosen, setOpen] = useState<Open | null>(null);
  // The region chart's and the notice's "Retry" links land here (paths.retryPrePush):
  // that region's dialog is open until it is closed, once its pre-push is known to have failed.
  const search = useSearchParams();
  const [linkDone, setLinkDone] = useState(false);
  const linkedRegion = search.get('action') === 'retry-prepush' ? search.get('actionRegion') : null;
  const linked: Open | null =
    !linkDone && linkedRegion && plan.prePushFailed.some((r) => r.regionId === linkedRegion)
      ? { kind: 'retry-prepush', regionId: linkedRegion }
      : null;
  const open = chosen ?? linked;
  const [done, setDone] = useState<{ text: string; id: string } | null>(null);
  const opener = useRef<HTMLElement | null>(null);

  const start = (next: Open) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setDone(null);
    setLinkDone(true);
    setOpen(next);
  };
  const close = () => {
    setOpen(null);
    setLinkDone(true);
    // Focus goes back to the button that opened the dialog (or the panel when that button is gone).
    requestAnimationFrame(() => {
      const target = opener.current?.isConnected ? opener.current : document.getElementById('version-actions-title');
      target?.focus();
    });
  };

  const buttons: React.ReactNode[] = [];
  if (plan.pushedOnly)
    buttons.push(
      <button key="dist" type="button" className="btn btn-primary" onClick={() => start({ kind: 'distribute-pushed' })}>
        Distribute to {plural(plan.pushedOnly.regionIds.length, 'pushed region')}…
      </button>,
    );
  if (plan.widen.canaryRegions.length > 0 && plan.widen.remaining.length > 0)
    buttons.push(
      <button key="widen" type="button" className="btn btn-primary" onClick={() => start({ kind: 'widen' })}>
        Widen…
      </button>,
    );
  if (plan.retryFailed)
    buttons.push(
      <button key="retry" type="button" className="btn" onClick={() => start({ kind: 'retry-failed' })}>
        Retry {plural(plan.retryFailed.failed, 'failed instance')}…
      </button>,
    );
  if (plan.cleanable.length > 0)
    buttons.push(
      <button key="clean" type="button" className="btn" onClick={() => start({ kind: 'clean' })}>
        Clean from regions…
      </button>,
    );

  return (
    <section className={`card card-pad ${styles.panel}`} aria-labelledby="version-actions-title">
      <h2 id="version-actions-title" className={styles.title} tabIndex={-1}>
        Actions
      </h2>
      {plan.pushedOnly ? (
        <p className={styles.note}>
          Pushed to {plural(plan.pushedOnly.regionIds.length, 'region')} but on no instance yet: distribute it to start
          the rollout.
        </p>
      ) : null}
      {plan.prePushFailed.length > 0 ? (
        <ul className={styles.failedRegions} aria-label="Regions whose pre-push failed">
          {plan.prePushFailed.map((r) => (
            <li key={r.regionId}>
              <span>
                Pre-push failed on <code>{r.regionId}</code>: {r.statusDescrip || 'no reason given'}
              </span>
              <button
                type="button"
                className="btn btn-sm"
                onClick={() => start({ kind: 'retry-prepush', regionId: r.regionId })}
                aria-label={`Push again to ${r.regionId}`}
              >
                Push again…
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {buttons.length > 0 ? (
        <div className={styles.buttons}>{buttons}</div>
      ) : plan.prePushFailed.length === 0 ? (
        <p className={styles.note}>Nothing to act on: no failures, no region left to widen to.</p>
      ) : null}
      <p role="status" className={styles.done} data-testid="action-done">
        {done ? (
          <>
            {done.text}{' '}
            <a href={paths.history(appId, new URLSearchParams({ name, version }))}>See it in the push history</a>
          </>
        ) : null}
      </p>
      {open ? (
        <ActionDialog
          key={`${open.kind}:${open.regionId ?? ''}`}
          appId={appId}
          name={name}
          version={version}
          open={open}
          plan={plan}
          recorded={recorded}
          onCancel={close}
          onDone={(text, id) => {
            setDone({ text, id });
            close();
          }}
        />
      ) : null}
    </section>
  );
}

interface DialogProps {
  appId: string;
  name: string;
  version: string;
  open: Open;
  plan: ActionPlan;
  recorded: Recorded;
  onCancel: () => void;
  onDone: (text: string, id: string) => void;
}

const TITLES: Record<Kind, string> = {
  widen: 'Widen the rollout',
  'retry-failed': 'Retry failed instances',
  'retry-prepush': 'Push again to a failed region',
  'distribute-pushed': 'Distribute the pushed version',
  clean: 'Clean the version from regions',
};

function ActionDialog({ appId, name, version, open, plan, recorded, onCancel, onDone }: DialogProps) {
  const action = useVersionAction(appId, name, version);
  // One key per confirmation: a retry after a timeout reuses it, so ENS is asked once.
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [settings, setSettings] = useState(() => toForm(recorded.distribute));
  const [widenTo, setWidenTo] = useState<string[]>(() => plan.widen.remaining.map((r) => r.regionId));
  const [cleanFrom, setCleanFrom] = useState<string[]>([]);
  const parsedSettings = distributeSchema.safeParse(fromForm(settings));
  const settingsIssue = parsedSettings.success ? undefined : parsedSettings.error.issues[0];
  const file = { name, version };
  const needsSettings = open.kind !== 'clean';

  let body: React.ReactNode = null;
  let request: ActionRequest | null = null;
  let confirmLabel = 'Send';
  let summary = '';
  const dist = (regionIds: string[], act: Kind): ActionRequest | null =>
    parsedSettings.success && regionIds.length > 0
      ? {
          kind: 'distribution',
          body: { data: [{ ...file, ...parsedSettings.data }], strategy: regionStrategy(regionIds), action: act },
        }
      : null;

  if (open.kind === 'widen') {
    const { gate, canaryRegions, alreadyHave, remaining } = plan.widen;
    const adds = widenAdds(remaining, widenTo);
    const pushed = new Set(plan.prePushed);
    const unpushed = widenTo.filter((id) => !pushed.has(id));
    // A region whose file server lacks the file needs the push first: push-and-distribute
    // (the watcher distributes each region as its pre-push succeeds), when the push is known.
    request =
      unpushed.length === 0 || !recorded.push
        ? dist(widenTo, 'widen')
        : parsedSettings.success && widenTo.length > 0
          ? {
              kind: 'push',
              body: {
                data: [recorded.push.file],
                strategy: regionStrategy(widenTo),
                distribute: parsedSettings.data,
                action: 'widen',
              },
            }
          : null;
    const unpushedWarning =
      unpushed.length > 0 && !recorded.push ? (
        <p className="banner banner-warn">
          {plural(unpushed.length, 'chosen region')} ({unpushed.join(', ')}) never received the file and no push of it
          is recorded here: their instances will fail with &ldquo;not pushed&rdquo;. Push it there first from the{' '}
          <a href={paths.push(appId)}>push form</a>.
        </p>
      ) : unpushed.length > 0 ? (
        <p className={styles.note}>
          Pushes the file to the {plural(unpushed.length, 'region')} that lack it first, then distributes each as its
          pre-push succeeds.
        </p>
      ) : null;
    confirmLabel = `Widen to ${plural(widenTo.length, 'region')}`;
    summary = `Widen sent to ${plural(widenTo.length, 'region')} (${plural(adds, 'instance')} by the inventory).`;
    body = (
      <>
        <dl className={styles.facts}>
          <dt>Canary health</dt>
          <dd data-testid="widen-health">
            <strong className={gate.verdict === 'breach' || gate.verdict === 'breaching' ? styles.bad : styles.good}>
              {verdictWord(gate.verdict)}
            </strong>{' '}
            against the rollout gate (failures at most {plural(gate.failureLimit, 'instance')}): {gate.reason}.
          </dd>
          <dt>Already have it</dt>
          <dd data-testid="widen-have">
            {plural(alreadyHave, 'instance')} in {plural(canaryRegions.length, 'region')} ({canaryRegions.join(', ')})
          </dd>
          <dt>This widen adds</dt>
          <dd data-testid="widen-adds">
            {plural(adds, 'instance')} in {plural(widenTo.length, 'region')}
          </dd>
        </dl>
        <RegionChecklist
          legend="Regions to widen to"
          options={remaining.map((r) => ({ regionId: r.regionId, note: plural(r.instanceCount, 'instance') }))}
          chosen={widenTo}
          onChange={setWidenTo}
        />
        {unpushedWarning}
      </>
    );
  } else if (open.kind === 'retry-failed' && plan.retryFailed) {
    const { regionIds, failed, inRegions } = plan.retryFailed;
    request = dist(regionIds, 'retry-failed');
    confirmLabel = `Retry ${plural(failed, 'failed instance')}`;
    summary = `Retry sent: ${plural(failed, 'failed instance')} in ${plural(regionIds.length, 'region')}.`;
    body = (
      <p data-testid="retry-facts">
        Distributes again to the {plural(regionIds.length, 'region')} holding the {plural(failed, 'failed instance')}:{' '}
        <code>{regionIds.join(', ')}</code>. ENS distributes by region, so the {fmt(inRegions)} instances of these
        regions are asked again; no other region is touched.
      </p>
    );
  } else if (open.kind === 'retry-prepush' && open.regionId) {
    const region = plan.prePushFailed.find((r) => r.regionId === open.regionId);
    const pushed = recorded.push;
    request =
      pushed && parsedSettings.success
        ? {
            kind: 'push',
            body: {
              data: [pushed.file],
              strategy: regionStrategy([open.regionId]),
              distribute: parsedSettings.data,
              action: 'retry-prepush',
            },
          }
        : null;
    confirmLabel = `Push again to ${open.regionId}`;
    summary = `Push sent again to ${open.regionId}; it is distributed there once its pre-push succeeds.`;
    body = pushed ? (
      <p data-testid="prepush-facts">
        Pushes <code>{name}</code> {version} again to <code>{open.regionId}</code> only (its pre-push failed:{' '}
        {region?.statusDescrip || 'no reason given'}), with the URL and checksum of the recorded push, then distributes
        it there once the pre-push succeeds.
      </p>
    ) : (
      <p className="banner banner-warn">
        No push of this version is recorded by this dashboard, so its URL and checksum are unknown here. Push it again
        from the <a href={paths.push(appId)}>push form</a>, choosing only <code>{open.regionId}</code>.
      </p>
    );
  } else if (open.kind === 'distribute-pushed' && plan.pushedOnly) {
    const { regionIds, instances } = plan.pushedOnly;
    request = dist(regionIds, 'distribute-pushed');
    confirmLabel = `Distribute to ${plural(regionIds.length, 'region')}`;
    summary = `Distribution sent to ${plural(regionIds.length, 'region')}.`;
    body = (
      <p data-testid="distribute-facts">
        Distributes to the {plural(regionIds.length, 'region')} whose pre-push succeeded (
        <code>{regionIds.join(', ')}</code>
        ): {plural(instances, 'instance')} by the inventory.
      </p>
    );
  } else if (open.kind === 'clean') {
    const live = plan.cleanable.filter((r) => cleanFrom.includes(r.regionId)).reduce((n, r) => n + r.live, 0);
    request = cleanFrom.length > 0 ? { kind: 'clean', body: { ...file, regionIds: cleanFrom } } : null;
    confirmLabel = `Clean from ${plural(cleanFrom.length, 'region')}`;
    summary = `Clean sent for ${plural(cleanFrom.length, 'region')}.`;
    body = (
      <>
        <p data-testid="clean-facts">
          Removes <code>{name}</code> {version} from the {plural(live, 'instance')} of the chosen regions; they then
          report it as deleted. Other regions keep it.
        </p>
        <RegionChecklist
          legend="Regions to clean"
          options={plan.cleanable.map((r) => ({ regionId: r.regionId, note: plural(r.live, 'instance') }))}
          chosen={cleanFrom}
          onChange={setCleanFrom}
        />
      </>
    );
  }

  const error = action.error;
  const submit = () => {
    if (!request) return;
    action.mutate(
      { request, idempotencyKey: key },
      {
        onSuccess: (result) =>
          onDone(
            result.instanceCount !== undefined
              ? `${summary} ENS answered ${plural(result.instanceCount, 'instance')}.`
              : summary,
            result.id,
          ),
        onError: (err) => {
          // A decided failure needs a new key for the next attempt; an unknown one keeps it.
          if (err instanceof ApiError && isDefinitiveFailure(err.status, err.code)) setKey(crypto.randomUUID());
        },
      },
    );
  };

  return (
    <ModalDialog
      open
      title={TITLES[open.kind]}
      onClose={() => !action.isPending && onCancel()}
      footer={
        <>
          <button type="button" className="btn" onClick={onCancel} disabled={action.isPending} data-autofocus>
            Cancel
          </button>
          <button
            type="button"
            className={`btn ${open.kind === 'clean' ? 'btn-danger' : 'btn-primary'}`}
            onClick={submit}
            disabled={action.isPending || request === null}
          >
            {action.isPending ? 'Sending…' : error ? 'Try again' : confirmLabel}
          </button>
        </>
      }
    >
      <div className={styles.dialogBody}>
        <p className={styles.what}>
          <code>{name}</code> version <code>{version}</code>
        </p>
        {body}
        {needsSettings ? (
          <fieldset className={styles.settings}>
            <legend>Placement on the instances{recorded.distribute ? ' (as last distributed)' : ''}</legend>
            <label>
              Destination path
              <input
                value={settings.destPath}
                onChange={(e) => setSettings({ ...settings, destPath: e.target.value })}
                aria-invalid={settingsIssue?.path[0] === 'destPath' || undefined}
              />
            </label>
            <label className={styles.inline}>
              <input
                type="checkbox"
                checked={settings.decompress}
                onChange={(e) => setSettings({ ...settings, decompress: e.target.checked })}
              />
              Decompress on the instance
            </label>
            <label>
              Timeout (seconds)
              <input
                inputMode="numeric"
                value={settings.timeout}
                onChange={(e) => setSettings({ ...settings, timeout: e.target.value })}
                aria-invalid={settingsIssue?.path[0] === 'timeout' || undefined}
              />
            </label>
            {settingsIssue ? (
              <p className={styles.bad} role="alert">
                {settingsIssue.message}
              </p>
            ) : null}
          </fieldset>
        ) : null}
        {error ? (
          <p className="banner banner-error" role="alert">
            {error.message}
            {error instanceof ApiError && error.issues.length > 0
              ? ` (${error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')})`
              : ''}
          </p>
        ) : null}
      </div>
    </ModalDialog>
  );
}

function RegionChecklist({
  legend,
  options,
  chosen,
  onChange,
}: {
  legend: string;
  options: { regionId: string; note: string }[];
  chosen: string[];
  onChange: (next: string[]) => void;
}) {
  const all = chosen.length === options.length;
  return (
    <fieldset className={styles.regions}>
      <legend>{legend}</legend>
      <label className={styles.inline}>
        <input type="checkbox" checked={all} onChange={() => onChange(all ? [] : options.map((o) => o.regionId))} />
        All {options.length}
      </label>
      <ul>
        {options.map((o) => (
          <li key={o.regionId}>
            <label className={styles.inline}>
              <input
                type="checkbox"
                checked={chosen.includes(o.regionId)}
                onChange={(e) =>
                  onChange(e.target.checked ? [...chosen, o.regionId] : chosen.filter((id) => id !== o.regionId))
                }
              />
              <code>{o.regionId}</code> <span className="muted">{o.note}</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function verdictWord(verdict: string): string {
  switch (verdict) {
    case 'pass':
      return 'Healthy';
    case 'passing':
      return 'Healthy so far';
    case 'waiting':
      return 'Too early to judge';
    default:
      return 'Failing';
  }
}

interface SettingsForm {
  destPath: string;
  decompress: boolean;
  timeout: string;
  targetDirName?: string | undefined;
  fileMode?: string | undefined;
}

function toForm(recorded: DistributeSettings | null): SettingsForm {
  if (!recorded) {
    const d = defaultDistribution();
    return { destPath: d.destPath, decompress: d.decompress, timeout: d.timeout };
  }
  return {
    destPath: recorded.destPath,
    decompress: recorded.decompress,
    timeout: String(recorded.timeout),
    targetDirName: recorded.targetDirName,
    fileMode: recorded.fileMode,
  };
}

function fromForm(form: SettingsForm) {
  const timeout = /^\d+$/.test(form.timeout.trim()) ? Number(form.timeout.trim()) : form.timeout;
  return {
    destPath: form.destPath,
    decompress: form.decompress,
    timeout,
    ...(form.targetDirName ? { targetDirName: form.targetDirName } : {}),
    ...(form.fileMode ? { fileMode: form.fileMode } : {}),
  };
}
