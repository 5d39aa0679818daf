import 'server-only';
import type { Db, StoredRollout, VersionKey } from '@/lib/db';
import { evaluateGate, gateFor, type GateEvaluation } from '@/lib/domain/rollout-gate';
import { stageSample, type StageSample } from '@/lib/domain/rollout-sample';
import type { DistRow } from '@/lib/domain/version-detail';
import { distDataFor } from '@/lib/ens/data-files';
import type {
  CleanDistDataInput,
  DescribeDataPushResultInput,
  DistApplicationDataInput,
  PushApplicationDataInput,
} from '@/lib/ens/client';
import type {
  CleanDistDataResult,
  DescribeDataPushResultResult,
  DistApplicationDataResult,
  PushApplicationDataResult,
} from '@/lib/ens/schemas';
import { prePushByRegion } from '@/lib/server/watcher/distributor';
import { describeFailure, silentLog, type WatchLog } from '@/lib/server/watcher/log';
import { INCONCLUSIVE_AFTER, planSchema, progressSchema, STAGE_TIMEOUT_FACTOR, type GateRecord } from './model';
import type { RollbackTarget } from '@/lib/contracts/rollouts';
import { runStep, stepKey, type StepOutcome } from './steps';
import { rolloutNotifications } from './notify';
import { Change, ENGINE_ACTOR, formatDuration, plural } from './transitions';
import { notifyContext } from '@/lib/server/notifications/link';

/*
 * The staged-rollout engine. It runs on the leading replica, once per watcher tick and
 * after the sweep, so it judges each stage on the rows the watcher has just read; it
 * never reads instance rows of its own. Every ENS write is a step with a deterministic
 * idempotency key (steps.ts), so a restart or a new leader resumes each rollout where it
 * stands without sending anything twice. See docs/rollouts.md.
 */

export interface EngineEns {
  pushApplicationData(input: PushApplicationDataInput): Promise<PushApplicationDataResult>;
  distApplicationData(input: DistApplicationDataInput): Promise<DistApplicationDataResult>;
  describeDataPushResult(input: DescribeDataPushResultInput): Promise<DescribeDataPushResultResult>;
  cleanDistData(input: CleanDistDataInput): Promise<CleanDistDataResult>;
}

export interface EngineDeps {
  db: Db;
  ens: EngineEns;
  /** The watcher's latest rows of a version and when they were read; undefined when none are held. */
  rowsOf(key: VersionKey): { rows: readonly DistRow[]; fetchedAt: number } | undefined;
  /** The application's inventory: InstanceId → RegionId. */
  inventory(appId: string): Promise<ReadonlyMap<string, string>>;
  /** Every row of one data file (all versions) in some regions: the previous versions a rollback restores. */
  fileRows(appId: string, name: string, regionIds: readonly string[]): Promise<readonly DistRow[]>;
  /** ENS's clock (epoch ms). */
  now(): number;
  /** How long the versions a rollout touches stay watched (default 24 h). */
  watchTtlMs?: number;
  log?: WatchLog;
}

export interface EngineReport {
  rollouts: number;
  changed: number;
  errors: unknown[];
}

const ACTIVE: readonly string[] = [
  'running',
  'rolling-back',
  'paused',
  'pending-approval',
  'halted',
  'rollback-failed',
];
const DAY_MS = 24 * 60 * 60_000;

export class RolloutEngine {
  private readonly log: WatchLog;

  constructor(private readonly deps: EngineDeps) {
    this.log = deps.log ?? silentLog;
  }

  /** One evaluation of every rollout that may move. */
  async run(): Promise<EngineReport> {
    const rollouts = await this.deps.db.rollouts.list(null, { states: ['running', 'rolling-back'] });
    const report: EngineReport = { rollouts: rollouts.length, changed: 0, errors: [] };
    for (const stored of rollouts) {
      try {
        if (await this.evaluate(stored)) report.changed++;
      } catch (error) {
        report.errors.push(error);
        this.log.warn(`rollouts: ${stored.id}: ${describeFailure(error)}`);
      }
    }
    return report;
  }

  /**
   * The versions the engine judges on each sweep (its rollouts running or rolling back):
   * the watcher reads them every interval even when nothing is in flight, so a bake or
   * a gate is never judged on a read a minute old.
   */
  async versionsInMotion(): Promise<VersionKey[]> {
    const keys: VersionKey[] = [];
    for (const stored of await this.deps.db.rollouts.list(null, { states: ['running', 'rolling-back'] })) {
      // Only the files: a Change would also parse the state and copy the progress to detect edits.
      const files = [
        ...planSchema.parse(stored.plan).data,
        ...(progressSchema.parse(stored.progress).rollback?.targets ?? []),
      ];
      for (const f of files) keys.push({ appId: stored.appId, name: f.name, version: f.version });
    }
    return keys;
  }

  /** Rollouts in any state a person may still act on (for the metrics gauge). */
  async countActive(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const r of await this.deps.db.rollouts.list(null, { states: ACTIVE, limit: 10_000 }))
      counts.set(r.state, (counts.get(r.state) ?? 0) + 1);
    return counts;
  }

  private async evaluate(stored: StoredRollout): Promise<boolean> {
    const change = new Change(stored, this.deps.now());
    if (change.state === 'running') await this.advance(change);
    else if (change.state === 'rolling-back') await this.advanceRollback(change);
    if (!change.changed) return false;
    const written = await this.deps.db.rollouts.update(stored.id, stored.revision, {
      state: change.state,
      progress: change.progress,
      events: change.events,
      releaseNames: change.final,
      notifications: rolloutNotifications(change, stored.revision + 1, notifyContext()),
    });
    // Somebody acted meanwhile: the next tick decides again on what they wrote. Any
    // write made here is found by its key then, never sent again.
    return written !== undefined;
  }

  private async advance(change: Change): Promise<void> {
    if (change.progress.currentStage === null) change.progress.currentStage = 0;
    // A few moves per tick at most: a stage that passes starts the next one at once.
    for (let moves = 0; moves < 6 && change.state === 'running'; moves++) {
      const index = change.progress.currentStage;
      if (index === null) return;
      if (!(await this.step(change, index))) return;
    }
  }

  /** Moves stage `index` on if it can; true when it moved and another look may move it further. */
  private async step(change: Change, index: number): Promise<boolean> {
    const { plan: stage, progress } = change.stage(index);
    const now = change.now;
    switch (progress.state) {
      case 'pending': {
        progress.startedAt = now;
        progress.state = 'pre-pushing';
        const regions = stage.newRegions;
        change.record(
          ENGINE_ACTOR,
          'stage-started',
          `Stage ${stage.name} started: pushing ${plural(change.plan.data.length, 'file')} to ${plural(regions.length, 'region')} (${regions.join(', ')})`,
          index,
        );
        return true;
      }
      case 'pre-pushing':
        return this.prePushStep(change, index);
      case 'distributing':
        return this.distributeStep(change, index);
      case 'verifying':
      case 'baking':
        return this.judge(change, index);
      case 'awaiting-approval': {
        if (progress.approvalDeadline !== undefined && now >= progress.approvalDeadline) {
          change.state = 'paused';
          progress.approvalDeadline = undefined;
          change.progress.stopReason = `Stage ${stage.name}: nobody approved within ${formatDuration((stage.approvalTimeoutSeconds ?? 0) * 1000)}; paused until someone approves`;
          change.record(ENGINE_ACTOR, 'approval-timed-out', change.progress.stopReason, index);
        }
        return false;
      }
      case 'passed':
      case 'breached':
        return false;
    }
  }

  private async prePushStep(change: Change, index: number): Promise<boolean> {
    const { plan: stage, progress } = change.stage(index);
    if (progress.prePushAttempt === 0) progress.prePushAttempt = 1;
    const sent = await this.sendPrePush(change, index);
    if (!this.settled(change, index, sent, 'push')) return false;
    const answer = await this.deps.ens.describeDataPushResult({
      appId: change.stored.appId,
      dataNames: unique(change.plan.data.map((f) => f.name)),
      dataVersions: unique(change.plan.data.map((f) => f.version)),
      regionIds: stage.newRegions,
    });
    const byRegion = prePushByRegion(change.plan, answer.rows);
    progress.prePush = stage.newRegions.map((regionId) => {
      const state = byRegion.get(regionId);
      return state?.reason
        ? { regionId, status: state.status, reason: state.reason }
        : { regionId, status: state?.status ?? 'PUSHING' };
    });
    const failed = progress.prePush.filter((r) => r.status === 'FAILED');
    if (failed.length > 0) {
      const which = failed.map((r) => `${r.regionId}${r.reason ? ` (${r.reason})` : ''}`).join(', ');
      change.halt(
        'pre-push',
        `Stage ${stage.name} halted: the pre-push to ${which} failed; nothing was distributed. Resume pushes to ${failed.length === 1 ? 'it' : 'them'} again.`,
        index,
      );
      return false;
    }
    if (progress.prePush.some((r) => r.status !== 'SUCCESS')) return false;
    progress.state = 'distributing';
    change.record(
      ENGINE_ACTOR,
      'pre-pushed',
      `The files reached the file servers of ${plural(stage.newRegions.length, 'region')}`,
      index,
    );
    return true;
  }

  /** The pre-push of a stage's new regions (also sent ahead, while the stage before bakes). */
  private sendPrePush(change: Change, index: number) {
    const { plan: stage, progress } = change.stage(index);
    const { appId, id } = change.stored;
    return runStep(
      this.deps.db,
      {
        appId,
        actor: `${ENGINE_ACTOR} (rollout ${id})`,
        idempotencyKey: stepKey(id, index, 'push', progress.prePushAttempt),
        data: change.plan.data,
        strategy: stage.strategy === null ? null : [regionPolicy(stage.newRegions)],
      },
      () => this.deps.ens.pushApplicationData({ appId, data: change.plan.data, regionIds: stage.newRegions }),
    );
  }

  private async distributeStep(change: Change, index: number): Promise<boolean> {
    const { plan: stage, progress } = change.stage(index);
    const { appId, id } = change.stored;
    if (progress.distAttempt === 0) {
      progress.distAttempt = 1;
      // N and each instance's previous version, fixed before anything is distributed.
      const inventory = await this.deps.inventory(appId);
      const regions = new Set(stage.newRegions);
      progress.population = [...inventory.values()].filter((r) => regions.has(r)).length;
      change.progress.previous[String(index)] = await this.previousVersions(change, stage.newRegions, inventory);
    }
    const sent = await runStep(
      this.deps.db,
      {
        appId,
        actor: `${ENGINE_ACTOR} (rollout ${id})`,
        idempotencyKey: stepKey(id, index, 'dist', progress.distAttempt),
        data: change.plan.data,
        strategy: [regionPolicy(stage.newRegions)],
        kind: 'distribution',
      },
      () =>
        this.deps.ens.distApplicationData({
          appId,
          data: this.distData(change),
          regionIds: stage.newRegions,
        }),
    );
    if (!this.settled(change, index, sent, 'distribution')) return false;
    progress.distributedAt = change.now;
    progress.state = 'verifying';
    await this.watch(change, change.plan.data);
    change.record(
      ENGINE_ACTOR,
      'distributed',
      `DistApplicationData to ${plural(stage.newRegions.length, 'region')}: ${plural(progress.population ?? 0, 'instance')} targeted`,
      index,
    );
    // The version is watched from now on: the next sweep reads it, and the gate judges that read.
    return false;
  }

  /** Whether a step is done; halts the rollout when its outcome needs a person. */
  private settled(change: Change, index: number, outcome: StepOutcome<unknown>, what: string): boolean {
    const name = change.stage(index).plan.name;
    switch (outcome.status) {
      case 'sent':
        return true;
      case 'in-flight':
      case 'retry':
        return false;
      case 'failed':
        change.halt('failed', `Stage ${name} halted: ENS refused the ${what}: ${outcome.message}`, index);
        return false;
      case 'unknown':
        change.halt(
          'unknown',
          `Stage ${name} halted: the ${what} was interrupted before ENS answered (${outcome.message}), so it may or may not have been sent. Check the version page; resume sends it again, abort stops here.`,
          index,
        );
        return false;
    }
  }

  /** The gate, while verifying and while baking. */
  private async judge(change: Change, index: number): Promise<boolean> {
    const { plan: stage, progress } = change.stage(index);
    const now = change.now;
    if (progress.retryRegions && progress.retryRegions.length > 0) {
      if (!(await this.sendRetry(change, index))) return false;
    }
    const sample = this.sample(change, index);
    if (!sample) {
      progress.unreadable += 1;
      if (progress.unreadable >= INCONCLUSIVE_AFTER) {
        change.halt(
          'inconclusive',
          `Stage ${stage.name} halted: ENS could not be read for ${INCONCLUSIVE_AFTER} evaluations in a row, so the gate is inconclusive (not failed). Resume once ENS answers again.`,
          index,
        );
      }
      return false;
    }
    progress.unreadable = 0;
    const gate = gateFor(progress.population ?? sample.population, stage.gate);
    const evaluation = evaluateGate(gate, sample, progress.gate?.consecutiveBreaches ?? 0);
    const previous = progress.gate?.verdict;
    progress.gate = gateRecord(evaluation, sample, now);
    if (evaluation.verdict !== previous || evaluation.verdict === 'breaching')
      change.record(ENGINE_ACTOR, `gate-${evaluation.verdict}`, evaluation.reason, index);

    if (evaluation.verdict === 'breach') {
      progress.state = 'breached';
      const reason = `Stage ${stage.name} halted: ${evaluation.reason}`;
      if (stage.onBreach === 'rollback') {
        change.progress.stopReason = reason;
        change.record(ENGINE_ACTOR, 'breached', reason, index);
        this.startRollback(change, index, ENGINE_ACTOR, `the gate breached and the stage rolls back on breach`);
      } else change.halt('breach', reason, index);
      return false;
    }
    if (progress.state === 'verifying') {
      if (evaluation.verdict === 'pass') {
        if (stage.bakeSeconds <= 0) {
          change.afterBake(index);
          return true;
        }
        progress.state = 'baking';
        progress.bakeEndsAt = now + stage.bakeSeconds * 1000;
        change.record(
          ENGINE_ACTOR,
          'baking',
          `Gate passed: ${evaluation.reason}. Baking ${formatDuration(stage.bakeSeconds * 1000)} before widening`,
          index,
        );
        await this.prePushAhead(change, index + 1);
        return false;
      }
      const since = progress.distributedAt ?? now;
      // A breach awaiting its confirmation is a verdict on its way, not a stage without one.
      if (evaluation.verdict !== 'breaching' && now - since > STAGE_TIMEOUT_FACTOR * gate.stuckAfterSeconds * 1000) {
        change.halt(
          'timeout',
          `Stage ${stage.name} halted: no verdict ${formatDuration(now - since)} after distributing (${evaluation.reason})`,
          index,
        );
      }
      return false;
    }
    // Baking: the breach check above ran; the bake ends on time.
    if (progress.bakeEndsAt !== undefined && now >= progress.bakeEndsAt) {
      change.afterBake(index);
      return true;
    }
    return false;
  }

  /** While a stage bakes, the next one's new regions get the files (instances untouched). */
  private async prePushAhead(change: Change, next: number): Promise<void> {
    if (next >= change.plan.stages.length) return;
    const { progress } = change.stage(next);
    if (progress.prePushAttempt > 0) return;
    progress.prePushAttempt = 1;
    const sent = await this.sendPrePush(change, next);
    if (sent.status === 'sent')
      change.record(
        ENGINE_ACTOR,
        'pre-pushed-ahead',
        `Pre-pushing the next stage's regions while this one bakes`,
        next,
      );
    // Any other outcome is handled when the stage starts: its pre-push step looks again.
  }

  private async sendRetry(change: Change, index: number): Promise<boolean> {
    const { progress } = change.stage(index);
    const regions = progress.retryRegions ?? [];
    const { appId, id } = change.stored;
    const sent = await runStep(
      this.deps.db,
      {
        appId,
        actor: `${ENGINE_ACTOR} (rollout ${id})`,
        idempotencyKey: stepKey(id, index, 'retry', progress.retries),
        data: change.plan.data,
        strategy: [regionPolicy(regions)],
        kind: 'distribution',
      },
      () => this.deps.ens.distApplicationData({ appId, data: this.distData(change), regionIds: regions }),
    );
    if (!this.settled(change, index, sent, 'retry of failed instances')) return false;
    progress.retryRegions = undefined;
    change.record(
      ENGINE_ACTOR,
      'retried',
      `DistApplicationData again to ${plural(regions.length, 'region')} with failed instances (${regions.join(', ')})`,
      index,
    );
    return true;
  }

  private sample(change: Change, index: number): StageSample | undefined {
    const { plan: stage, progress } = change.stage(index);
    const rowsPerFile: (readonly DistRow[])[] = [];
    let freshest = 0;
    for (const file of change.plan.data) {
      const held = this.deps.rowsOf({ appId: change.stored.appId, name: file.name, version: file.version });
      if (!held) return undefined;
      rowsPerFile.push(held.rows);
      freshest = Math.max(freshest, held.fetchedAt);
    }
    // No newer read since the last evaluation: ENS did not answer the sweep.
    if (progress.lastFetchedAt !== undefined && freshest <= progress.lastFetchedAt) return undefined;
    progress.lastFetchedAt = freshest;
    return stageSample({
      rowsPerFile,
      regions: stage.newRegions,
      population: progress.population ?? 0,
      now: change.now,
      distributedAt: progress.distributedAt ?? change.now,
      stuckAfterSeconds: gateFor(progress.population ?? 0, stage.gate).stuckAfterSeconds,
    });
  }

  private distData(change: Change): DistApplicationDataInput['data'] {
    return distDataFor(change.plan.data, change.plan.distribute);
  }

  private async watch(change: Change, files: readonly { name: string; version: string }[]): Promise<void> {
    for (const file of files) {
      await this.deps.db.watchTargets.touch(
        { appId: change.stored.appId, name: file.name, version: file.version },
        'pushed',
        this.deps.watchTtlMs ?? DAY_MS,
      );
    }
  }

  /**
   * What each instance of the regions had before this stage, per file: the version it
   * last had in SUCCESS other than the new one. Instances with none get the new
   * version cleaned on rollback.
   */
  private async previousVersions(
    change: Change,
    regions: readonly string[],
    inventory: ReadonlyMap<string, string>,
  ): Promise<RollbackTarget[]> {
    const targets: RollbackTarget[] = [];
    const inRegions = new Set(regions);
    for (const file of change.plan.data) {
      const rows = await this.deps.fileRows(change.stored.appId, file.name, regions);
      const previous = new Map<string, { version: string; at: string }>();
      for (const row of rows) {
        if (row.version === file.version || row.status !== 'SUCCESS') continue;
        const known = previous.get(row.instanceId);
        if (!known || row.updateTime > known.at)
          previous.set(row.instanceId, { version: row.version, at: row.updateTime });
      }
      const groups = new Map<string, RollbackTarget>();
      for (const [instanceId, regionId] of inventory) {
        if (!inRegions.has(regionId)) continue;
        const prev = previous.get(instanceId)?.version;
        const action = prev === undefined ? 'clean' : 'distribute';
        const version = prev ?? file.version;
        const id = JSON.stringify([regionId, action, version]);
        const group = groups.get(id) ?? { regionId, action, name: file.name, version, instances: [] };
        group.instances.push(instanceId);
        groups.set(id, group);
      }
      targets.push(...[...groups.values()].sort((a, b) => (a.regionId < b.regionId ? -1 : 1)));
    }
    return targets;
  }

  /** Starts a rollback of stage `index` (the engine on a breach, or a person). */
  startRollback(change: Change, index: number, actor: string, reason: string): void {
    change.state = 'rolling-back';
    const targets = change.progress.previous[String(index)] ?? [];
    change.progress.rollback = { stage: index, targets, sent: false, readAfter: 0, gate: null };
    change.record(actor, 'rollback-started', `Rolling back stage ${change.stage(index).plan.name}: ${reason}`, index);
  }

  private async advanceRollback(change: Change): Promise<void> {
    const rollback = change.progress.rollback;
    if (!rollback) {
      change.state = 'rollback-failed';
      change.record(ENGINE_ACTOR, 'rollback-failed', 'Nothing was recorded to roll back to');
      return;
    }
    const { appId, id } = change.stored;
    if (!rollback.sent) {
      for (const [i, target] of rollback.targets.entries()) {
        const entry = {
          appId,
          actor: `${ENGINE_ACTOR} (rollout ${id})`,
          idempotencyKey: stepKey(id, rollback.stage, `rollback-${i}`, 1),
          data: [{ name: target.name, version: target.version }],
          strategy: [regionPolicy([target.regionId])],
          kind: 'distribution' as const,
        };
        const options = change.plan.distribute;
        const outcome =
          target.action === 'distribute'
            ? await runStep(this.deps.db, entry, () =>
                this.deps.ens.distApplicationData({
                  appId,
                  data: distDataFor([target], options),
                  regionIds: [target.regionId],
                }),
              )
            : await runStep(this.deps.db, entry, async () => ({
                ...(await this.deps.ens.cleanDistData({
                  appId,
                  name: target.name,
                  version: target.version,
                  regionId: target.regionId,
                })),
                results: [],
              }));
        if (outcome.status === 'in-flight' || outcome.status === 'retry') return;
        if (outcome.status !== 'sent') {
          change.state = 'rollback-failed';
          change.progress.stopReason = `Rollback of ${target.regionId} could not be sent: ${outcome.message}`;
          change.record(ENGINE_ACTOR, 'rollback-failed', change.progress.stopReason, rollback.stage);
          return;
        }
      }
      rollback.sent = true;
      rollback.sentAt = change.now;
      rollback.readAfter = Math.max(
        0,
        ...rollback.targets.map((t) => this.deps.rowsOf({ appId, name: t.name, version: t.version })?.fetchedAt ?? 0),
      );
      await this.watch(change, rollback.targets);
      change.record(ENGINE_ACTOR, 'rollback-sent', rollbackSentence(rollback.targets), rollback.stage);
      return;
    }
    const sample = this.rollbackSample(change);
    if (!sample) return;
    const { plan: stage } = change.stage(rollback.stage);
    const gate = gateFor(sample.population, stage.gate);
    const evaluation = evaluateGate(gate, sample, rollback.gate?.consecutiveBreaches ?? 0);
    rollback.gate = gateRecord(evaluation, sample, change.now);
    if (evaluation.verdict === 'pass') {
      change.state = 'rolled-back';
      change.progress.stopReason = undefined;
      change.record(ENGINE_ACTOR, 'rolled-back', `Rollback verified: ${evaluation.reason}`, rollback.stage);
    } else if (evaluation.verdict === 'breach') {
      change.state = 'rollback-failed';
      change.progress.stopReason = `Rollback of stage ${stage.name} failed: ${evaluation.reason}`;
      change.record(ENGINE_ACTOR, 'rollback-failed', change.progress.stopReason, rollback.stage);
    }
  }

  /** The rollback's own gate: restored instances succeed, cleaned ones succeed once DELETED. */
  private rollbackSample(change: Change): StageSample | undefined {
    const rollback = change.progress.rollback;
    if (!rollback) return undefined;
    const sample: StageSample = {
      population: 0,
      counts: { SUCCESS: 0, FAILED: 0, DISTING: 0, POD_RESTARTING: 0, DELETED: 0 },
      reported: { SUCCESS: 0, FAILED: 0, DISTING: 0, POD_RESTARTING: 0, DELETED: 0 },
      stuck: 0,
      missing: 0,
    };
    for (const target of rollback.targets) {
      const held = this.deps.rowsOf({ appId: change.stored.appId, name: target.name, version: target.version });
      if (!held || held.fetchedAt <= rollback.readAfter) return undefined;
      const status = new Map(held.rows.map((r) => [r.instanceId, r.status]));
      for (const instanceId of target.instances) {
        sample.population += 1;
        const s = status.get(instanceId);
        const done = target.action === 'clean' ? s === 'DELETED' || s === undefined : s === 'SUCCESS';
        if (done) sample.counts.SUCCESS += 1;
        else if (s === 'FAILED') sample.counts.FAILED += 1;
        else sample.counts.DISTING += 1;
      }
    }
    sample.reported = { ...sample.counts };
    return sample;
  }
}

function gateRecord(evaluation: GateEvaluation, sample: StageSample, now: number): GateRecord {
  return {
    verdict: evaluation.verdict,
    reason: evaluation.reason,
    finished: evaluation.finished,
    failed: evaluation.failed,
    failureLimit: evaluation.failureLimit,
    finishedPct: evaluation.finishedPct,
    successPct: evaluation.successPct,
    consecutiveBreaches: evaluation.consecutiveBreaches,
    stuck: sample.stuck,
    missing: sample.missing,
    counts: sample.reported,
    evaluatedAt: now,
  };
}

function rollbackSentence(targets: readonly RollbackTarget[]): string {
  const restored = targets.filter((t) => t.action === 'distribute');
  const cleaned = targets.filter((t) => t.action === 'clean');
  const count = (list: readonly RollbackTarget[]) => list.reduce((n, t) => n + t.instances.length, 0);
  const parts = [
    restored.length > 0
      ? `${plural(count(restored), 'instance')} get their previous version back (${unique(restored.map((t) => `${t.name} ${t.version}`)).join(', ')})`
      : '',
    cleaned.length > 0
      ? `the new version is cleaned from ${plural(count(cleaned), 'instance')} that had none before`
      : '',
  ].filter(Boolean);
  return parts.length > 0 ? `Rollback sent: ${parts.join('; ')}` : 'Rollback sent: nothing to restore';
}

export function regionPolicy(regionIds: readonly string[]) {
  return { name: 'ScheduleToRegionId' as const, operator: 'In' as const, values: [...regionIds] };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
