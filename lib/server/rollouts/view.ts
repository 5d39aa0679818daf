import type { RolloutEvent, StoredRollout } from '@/lib/db';
import type { RolloutSummary, RolloutView, StageView } from '@/lib/contracts/rollouts';
import { gateFor } from '@/lib/domain/rollout-gate';
import { availableActions, NEEDS_A_PERSON } from '@/lib/domain/rollout-states';
import { emptyCounts } from '@/lib/domain/status';
import { Change } from './transitions';

/*
 * The answers of the rollout routes, built from the stored plan and progress. The
 * numbers are the gate's last evaluation, so the page shows what the engine decided on.
 */

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export function rolloutView(stored: StoredRollout, events: readonly RolloutEvent[], now: number): RolloutView {
  const change = new Change(stored, now);
  const { plan, progress } = change;
  const stages: StageView[] = plan.stages.map((stage, i) => {
    const p = progress.stages[i];
    const population = p?.population ?? null;
    const gate = gateFor(population ?? 0, stage.gate);
    const record = p?.gate ?? null;
    const distributedAt = p?.distributedAt;
    const stuckAt =
      distributedAt !== undefined && (p?.state === 'verifying' || p?.state === 'distributing')
        ? iso(distributedAt + gate.stuckAfterSeconds * 1000)
        : undefined;
    return {
      name: stage.name,
      state: p?.state ?? 'pending',
      regions: stage.regions,
      newRegions: stage.newRegions,
      population,
      counts: record?.counts ?? emptyCounts(),
      gate: {
        ...gate,
        verdict: record?.verdict ?? null,
        reason: record?.reason ?? null,
        finished: record?.finished ?? 0,
        failed: record?.failed ?? 0,
        failureLimit:
          record?.failureLimit ?? Math.max(gate.maxFailed, Math.ceil((gate.maxFailedPct / 100) * (population ?? 0))),
        finishedPct: record?.finishedPct ?? 0,
        successPct: record?.successPct ?? null,
        consecutiveBreaches: record?.consecutiveBreaches ?? 0,
        stuck: record?.stuck ?? 0,
        missing: record?.missing ?? 0,
        evaluatedAt: iso(record?.evaluatedAt) ?? null,
      },
      bakeSeconds: stage.bakeSeconds,
      approval: stage.approval,
      ...(stage.approvalTimeoutSeconds !== undefined ? { approvalTimeoutSeconds: stage.approvalTimeoutSeconds } : {}),
      onBreach: stage.onBreach,
      ...defined({
        startedAt: iso(p?.startedAt),
        distributedAt: iso(distributedAt),
        bakeEndsAt: p?.state === 'baking' ? iso(p.bakeEndsAt) : undefined,
        approvalDeadline: iso(p?.approvalDeadline),
        stuckAt,
        passedAt: iso(p?.passedAt),
      }),
      prePush: p?.prePush ?? [],
    };
  });
  const index = progress.currentStage;
  const stageState = index === null ? null : (progress.stages[index]?.state ?? null);
  return {
    rolloutId: stored.id,
    appId: stored.appId,
    state: change.state,
    data: plan.data,
    distribute: plan.distribute,
    createdBy: stored.createdBy,
    createdAt: new Date(stored.createdAt).toISOString(),
    updatedAt: new Date(stored.updatedAt).toISOString(),
    currentStage: index,
    ...(progress.stopReason ? { stopReason: progress.stopReason } : {}),
    stages,
    timeline: events.map((e) => ({
      at: new Date(e.at).toISOString(),
      actor: e.actor,
      action: e.action,
      reason: e.reason,
      ...(e.stage ? { stage: e.stage } : {}),
    })),
    actions: availableActions(change.state, stageState),
    now: new Date(now).toISOString(),
  };
}

export function rolloutSummary(stored: StoredRollout, now: number): RolloutSummary {
  const change = new Change(stored, now);
  const { plan, progress } = change;
  const index = progress.currentStage;
  const stage = index === null ? undefined : plan.stages[index];
  const stageState = index === null ? null : (progress.stages[index]?.state ?? null);
  return {
    rolloutId: stored.id,
    appId: stored.appId,
    state: change.state,
    data: plan.data.map((f) => ({ name: f.name, version: f.version })),
    stageCount: plan.stages.length,
    currentStage: index,
    currentStageName: stage?.name ?? null,
    currentStageState: stageState,
    headline: headline(change, index),
    needsPerson: NEEDS_A_PERSON.includes(change.state) || stageState === 'awaiting-approval',
    createdBy: stored.createdBy,
    createdAt: new Date(stored.createdAt).toISOString(),
    updatedAt: new Date(stored.updatedAt).toISOString(),
  };
}

function headline(change: Change, index: number | null): string {
  if (change.progress.stopReason) return change.progress.stopReason;
  const count = change.plan.stages.length;
  if (change.state === 'pending-approval') return 'Waiting for an approval to start';
  if (change.state === 'succeeded') return `All ${count} stages passed`;
  if (index === null) return 'Starting';
  const stage = change.plan.stages[index];
  const state = change.progress.stages[index]?.state ?? 'pending';
  if (state === 'awaiting-approval') return `Stage ${stage?.name} is healthy and waits for an approval`;
  return `Stage ${index + 1} of ${count} (${stage?.name}): ${state}`;
}

function defined<T extends Record<string, unknown>>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
