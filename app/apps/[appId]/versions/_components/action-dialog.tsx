'use client';

import { useState } from 'react';
import { ModalDialog } from '@/components/ui/modal-dialog';
import { isDefinitiveFailure } from '@/features/push/model/idempotency';
import { defaultDistribution, distributeSchema, type DistributeSettings } from '@/features/push/model/validate';
import { useVersionAction, type ActionRequest } from '@/features/actions/api/version-actions';
import { regionStrategy, widenAdds, type ActionPlan } from '@/features/actions/model/plan';
import type { Recorded } from '@/features/actions/model/recorded';
import { ApiError } from '@/lib/client/api-error';
import { paths } from '@/lib/paths';
import { fmt, plural, type Kind, type Open } from './version-actions-text';
import styles from './version-actions.module.css';

/*
 * The confirmation of one action of the version page's actions panel: loaded when an
 * action is opened, not with the page.
 */

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

export function ActionDialog({ appId, name, version, open, plan, recorded, onCancel, onDone }: DialogProps) {
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
