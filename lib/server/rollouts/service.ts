import 'server-only';
import { getConfig } from '@/lib/config';
import {
  checkStageRegions,
  createRolloutBodySchema,
  savedPlanBodySchema,
  type RollbackPreview,
  type RolloutActionBody,
  type RolloutSummary,
  type RolloutView,
  type SavedPlan,
} from '@/lib/contracts/rollouts';
import { internalFileUrlIssues } from '@/lib/contracts/push-bodies';
import type { Db, StoredRollout, VersionKey } from '@/lib/db';
import { getDb } from '@/lib/db/server';
import { NEEDS_A_PERSON, type RolloutAction } from '@/lib/domain/rollout-states';
import { getEnsClient } from '@/lib/ens/client';
import { ensNow } from '@/lib/ens/clock';
import { listAppRegions } from '@/lib/ens/inventory';
import { toInputIssues, type InputIssue } from '@/lib/ens/issues';
import { authorize, authorizeApproval } from '@/lib/server/auth/authorize';
import type { Identity } from '@/lib/server/auth/identity';
import { badRequest, HttpError, notFound } from '@/lib/server/http';
import { pushPolicyIssues } from '@/lib/server/push-policy';
import { resolveIdempotencyKey, stableStringify } from '@/lib/server/pushes';
import { heldVersionRows } from '@/lib/server/versions';
import { performAction } from './actions';
import { initialProgress, planFromBody } from './model';
import { createdNotifications } from './notify';
import { notifyContext } from '@/lib/server/notifications/link';
import { Change, plural } from './transitions';
import { rolloutSummary, rolloutView } from './view';

/*
 * What the rollout routes do: validate and create, list, read, and the manual actions.
 * The engine (engine.ts) moves rollouts on the leader; an action only edits the stored
 * progress (at the revision it read), and any ENS write it implies (a retry, a
 * rollback) is sent by the engine on its next tick under its own idempotency key.
 */

export async function createRollout(appId: string, raw: unknown, headerKey: string | null, identity: Identity) {
  const issues: InputIssue[] = [];
  const parsed = createRolloutBodySchema.safeParse(raw);
  if (!parsed.success) issues.push(...toInputIssues(parsed.error));
  else {
    issues.push(...pushPolicyIssues({ distribute: parsed.data.distribute }));
    if (!getConfig().ALLOW_INTERNAL_FILE_URLS) issues.push(...internalFileUrlIssues(parsed.data.data));
  }
  const bodyKey =
    typeof raw === 'object' && raw !== null ? (raw as { idempotencyKey?: unknown }).idempotencyKey : undefined;
  const idempotencyKey = resolveIdempotencyKey(bodyKey, headerKey, issues);
  let regions: string[][] = [];
  if (parsed.success) {
    // Reading the regions also answers 404 for an unknown application.
    const known = (await listAppRegions(getEnsClient(), appId)).map((r) => r.regionId);
    const checked = checkStageRegions(parsed.data.stages, known);
    issues.push(...checked.issues);
    regions = checked.regions;
  }
  if (issues.length > 0 || !parsed.success || idempotencyKey === undefined) throw badRequest(issues);

  const body = parsed.data;
  const plan = planFromBody(body, regions);
  const progress = initialProgress(plan);
  const count = plan.stages.length;
  const fingerprint = stableStringify([body.data, body.distribute, body.stages, body.startApproval ?? false]);
  const db = await getDb();
  const files = body.data.map((f) => `${f.name} ${f.version}`).join(', ');
  const event = {
    at: ensNow(),
    actor: identity.name,
    action: 'created',
    reason: `${files} in ${plural(count, 'stage')} (${plan.stages.map((s) => s.name).join(' → ')})${plan.startApproval ? '; waiting for an approval to start' : ''}`,
  };
  const result = await db.rollouts.create({
    appId,
    idempotencyKey,
    fingerprint,
    names: [...new Set(body.data.map((f) => f.name))],
    state: plan.startApproval ? 'pending-approval' : 'running',
    plan,
    progress,
    createdBy: identity.name,
    event,
    notify: (stored) => createdNotifications(stored, event, notifyContext()),
  });
  if (result.kind === 'conflict') {
    throw new HttpError(
      409,
      'RolloutActive',
      `Rollout ${result.rolloutId} is already rolling out ${result.name} on this application: finish or abort it first.`,
    );
  }
  const stored = result.rollout;
  if (result.kind === 'existing' && stored.fingerprint !== fingerprint) {
    throw new HttpError(
      422,
      'IdempotencyKeyReused',
      'This idempotency key was already used for a different rollout; submit again with a new key.',
    );
  }
  const change = new Change(stored, ensNow());
  return {
    replayed: result.kind === 'existing',
    answer: {
      rolloutId: stored.id,
      state: change.state,
      stages: change.plan.stages.map((s, i) => ({
        name: s.name,
        state: change.progress.stages[i]?.state ?? 'pending',
        regions: s.regions,
      })),
    },
  };
}

async function load(db: Db, appId: string, rolloutId: string): Promise<StoredRollout> {
  const stored = await db.rollouts.get(rolloutId);
  if (!stored || stored.appId !== appId) throw notFound(`No rollout ${rolloutId} in application ${appId}.`);
  return stored;
}

export async function getRollout(appId: string, rolloutId: string): Promise<RolloutView> {
  const db = await getDb();
  const stored = await load(db, appId, rolloutId);
  return rolloutView(stored, await db.rollouts.events(rolloutId), ensNow());
}

export async function listRollouts(
  appId: string | null,
  query: { state?: string | undefined; name?: string | undefined; version?: string | undefined },
): Promise<{ rollouts: RolloutSummary[] }> {
  const db = await getDb();
  const stored = await db.rollouts.list(appId, query.state ? { states: [query.state] } : {});
  const now = ensNow();
  const { name, version } = query;
  const rollouts = stored
    .filter((r) => name === undefined || r.names.includes(name))
    .map((r) => rolloutSummary(r, now))
    // The rollouts driving one file version: that name at that version, in the same file.
    .filter(
      (r) =>
        version === undefined || r.data.some((f) => f.version === version && (name === undefined || f.name === name)),
    )
    // Those waiting for a person first, then newest first.
    .sort((a, b) => Number(b.needsPerson) - Number(a.needsPerson));
  return { rollouts };
}

/** The rollouts that need a person, across applications or for one. */
export async function rolloutsWaiting(appId: string | null): Promise<RolloutSummary[]> {
  const db = await getDb();
  const now = ensNow();
  return (await db.rollouts.list(appId, { states: NEEDS_A_PERSON })).map((r) => rolloutSummary(r, now));
}

/**
 * A manual action: checked against the state (409 naming it), authorized (approve
 * needs the approver role and, unless self-approval is allowed, another person than
 * the creator), applied at the revision read and recorded with its reason.
 */
export async function actOnRollout(
  appId: string,
  rolloutId: string,
  action: RolloutAction,
  body: RolloutActionBody,
  identity: Identity,
): Promise<RolloutView> {
  const db = await getDb();
  for (let attempt = 0; attempt < 3; attempt++) {
    const stored = await load(db, appId, rolloutId);
    if (action === 'approve') authorizeApproval(identity, stored.createdBy, selfApprovalAllowed(), appId);
    else authorize(identity, 'operator', appId);
    const now = ensNow();
    const rowsOf = (key: VersionKey) => heldVersionRows(key.appId, key.name, key.version);
    const written = await performAction(db, stored, action, body, identity.name, rowsOf, now);
    if (written) return rolloutView(written, await db.rollouts.events(rolloutId), now);
    // The engine or another person wrote first: decide again on what they wrote.
  }
  throw new HttpError(409, 'RolloutBusy', 'The rollout kept changing while this action was applied; try again.');
}

function selfApprovalAllowed(): boolean {
  const config = getConfig();
  // Without authentication everyone is the same person: four eyes cannot apply.
  return config.AUTH_MODE === 'none' || config.ALLOW_SELF_APPROVAL;
}

export async function rollbackPreview(appId: string, rolloutId: string): Promise<RollbackPreview> {
  const db = await getDb();
  const change = new Change(await load(db, appId, rolloutId), ensNow());
  const index = change.progress.rollback?.stage ?? change.progress.currentStage;
  if (index === null) throw new HttpError(409, 'NothingToRollBack', 'The rollout has not distributed anything yet.');
  const stage = change.stage(index);
  return { stage: stage.plan.name, regions: change.progress.previous[String(index)] ?? [] };
}

export async function listPlans(appId: string): Promise<{ plans: SavedPlan[] }> {
  const db = await getDb();
  const plans = await db.rollouts.listPlans(appId);
  return {
    plans: plans.map((p) => ({
      planId: p.id,
      name: p.name,
      stages: savedPlanBodySchema.shape.stages.parse(p.stages),
      createdBy: p.createdBy,
      createdAt: new Date(p.createdAt).toISOString(),
    })),
  };
}

export async function savePlan(appId: string, raw: unknown, actor: string): Promise<SavedPlan> {
  const parsed = savedPlanBodySchema.safeParse(raw);
  if (!parsed.success) throw badRequest(toInputIssues(parsed.error));
  const known = (await listAppRegions(getEnsClient(), appId)).map((r) => r.regionId);
  const { issues } = checkStageRegions(parsed.data.stages, known);
  if (issues.length > 0) throw badRequest(issues);
  const db = await getDb();
  const saved = await db.rollouts.savePlan({
    appId,
    name: parsed.data.name,
    stages: parsed.data.stages,
    createdBy: actor,
  });
  return {
    planId: saved.id,
    name: saved.name,
    stages: parsed.data.stages,
    createdBy: saved.createdBy,
    createdAt: new Date(saved.createdAt).toISOString(),
  };
}
