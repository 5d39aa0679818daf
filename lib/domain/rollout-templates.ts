import { GATE_DEFAULTS, failureLimit, gateFor, type Gate } from './rollout-gate';

/*
 * The plan builder's arithmetic, pure so the page, its tests and a reviewer reading a
 * plan agree: the templates as functions of the application's regions, what each stage
 * adds (regions, instances, share of the fleet), and the ENS calls the plan will make.
 */

/** Bake after a stage passes (the issue's defaults): 10 min, 30 min for the last stage. */
export const DEFAULT_BAKE_SECONDS = 600;
export const LAST_STAGE_BAKE_SECONDS = 1800;

export const TEMPLATE_IDS = ['progressive', 'canary-all'] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

export const TEMPLATE_LABELS: Record<TemplateId, string> = {
  progressive: 'One region → 10 % of regions → 50 % → all',
  'canary-all': 'Canary region → all',
};

/** A stage as a template produces it: every region it covers (cumulative), or null for every region. */
export interface TemplateStage {
  name: string;
  /** The stage's regions, the previous stages' included; null on the last stage: every region. */
  regions: string[] | null;
}

/**
 * The application's regions in a fixed order, the canary first when one is chosen
 * (and known): the order stages take regions in.
 */
function ordered(regionIds: readonly string[], canary?: string): string[] {
  const sorted = [...new Set(regionIds)].sort((a, b) => a.localeCompare(b));
  if (canary === undefined || !sorted.includes(canary)) return sorted;
  return [canary, ...sorted.filter((r) => r !== canary)];
}

/**
 * A template's stages for these regions. Each stage takes the first regions of the
 * order (so it includes every earlier stage's); a stage that would add no region is
 * left out, and the last stage always covers every region (strategy null).
 */
export function templateStages(template: TemplateId, regionIds: readonly string[], canary?: string): TemplateStage[] {
  const order = ordered(regionIds, canary);
  const n = order.length;
  const sizes: { name: string; size: number }[] =
    template === 'progressive'
      ? [
          { name: 'canary', size: 1 },
          { name: '10-percent', size: Math.ceil(n * 0.1) },
          { name: '50-percent', size: Math.ceil(n * 0.5) },
        ]
      : [{ name: 'canary', size: 1 }];
  const stages: TemplateStage[] = [];
  let covered = 0;
  for (const { name, size } of sizes) {
    // A stage must widen, and never reach every region: that is the last stage's job.
    if (size <= covered || size >= n) continue;
    stages.push({ name, regions: order.slice(0, size) });
    covered = size;
  }
  stages.push({ name: 'all', regions: null });
  return stages;
}

export interface RegionSize {
  regionId: string;
  instanceCount: number;
}

export interface StageImpact {
  /** Regions this stage adds to the previous stages'. */
  newRegions: string[];
  /** Instances in those regions: what this stage's distribution targets. */
  addedInstances: number;
  /** Instances covered once this stage is done, the earlier stages' included. */
  cumulativeInstances: number;
  /** That as a share of the application's instances (0..1); null when it has none. */
  cumulativeShare: number | null;
}

/**
 * What each stage adds. `stageRegions` are each stage's regions as resolved (cumulative;
 * null means every region); regions unknown to `regions` count 0 instances.
 */
export function stageImpacts(
  stageRegions: readonly (readonly string[] | null)[],
  regions: readonly RegionSize[],
): StageImpact[] {
  const count = new Map(regions.map((r) => [r.regionId, r.instanceCount]));
  const all = regions.map((r) => r.regionId);
  const total = regions.reduce((sum, r) => sum + r.instanceCount, 0);
  const seen = new Set<string>();
  let cumulative = 0;
  return stageRegions.map((mine) => {
    const newRegions = (mine ?? all).filter((r) => !seen.has(r));
    for (const r of newRegions) seen.add(r);
    const addedInstances = newRegions.reduce((sum, r) => sum + (count.get(r) ?? 0), 0);
    cumulative += addedInstances;
    return {
      newRegions,
      addedInstances,
      cumulativeInstances: cumulative,
      cumulativeShare: total > 0 ? cumulative / total : null,
    };
  });
}

export interface PlannedStage {
  name: string;
  /** The regions this stage adds (see stageImpacts). */
  newRegions: readonly string[];
  /** Instances those regions hold: the gate's N as far as the dashboard knows now. */
  addedInstances: number;
  gate?: Partial<Gate> | undefined;
  bakeSeconds?: number | undefined;
  approval?: boolean | undefined;
  approvalTimeoutSeconds?: number | undefined;
  onBreach?: 'halt' | 'rollback' | undefined;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const regionList = (regions: readonly string[]) =>
  regions.length <= 4 ? regions.join(', ') : `${regions.slice(0, 3).join(', ')} and ${regions.length - 3} more`;

/** A duration in seconds as the plan shows it: "10 min", "1 h 30 min", "45 s". */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  if (m < 60) return s === 0 ? `${m} min` : `${m} min ${s} s`;
  const h = Math.floor(m / 60);
  return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`;
}

/** The bake a stage gets when its plan says nothing: longer for the last stage, whose bake is the whole fleet's. */
export function defaultBake(index: number, count: number): number {
  return index === count - 1 ? LAST_STAGE_BAKE_SECONDS : DEFAULT_BAKE_SECONDS;
}

/**
 * The exact sequence of ENS calls the plan makes, as lines a person reads before
 * starting it. Stage 1 pushes then distributes; every later stage's push goes out while
 * the previous stage bakes (files reach the file servers, instances untouched), so
 * promotion distributes at once.
 */
export function ensCallSequence(stages: readonly PlannedStage[], files: readonly string[]): string[] {
  const what = files.length === 0 ? 'the data files' : files.join(', ');
  const lines: string[] = [];
  stages.forEach((stage, i) => {
    const k = i + 1;
    const label = `Stage ${k} (${stage.name})`;
    const where = regionList(stage.newRegions);
    const gate = gateFor(stage.addedInstances, stage.gate ?? {});
    const bake = stage.bakeSeconds ?? defaultBake(i, stages.length);
    if (stage.newRegions.length === 0) {
      lines.push(`${label}: adds no region; nothing is pushed or distributed.`);
    } else if (i === 0) {
      lines.push(`${label}: PushApplicationData of ${what} to ${plural(stage.newRegions.length, 'region')}: ${where}.`);
    } else {
      lines.push(
        `${label}: PushApplicationData of ${what} to ${plural(stage.newRegions.length, 'new region')} (${where}), sent while stage ${k - 1} bakes: file servers only, no instance touched.`,
      );
    }
    if (stage.newRegions.length > 0) {
      lines.push(
        `${label}: DistApplicationData to ${where} (${plural(stage.addedInstances, 'instance')}), once each region's push succeeded.`,
      );
    }
    const limit = failureLimit(gate, stage.addedInstances);
    lines.push(
      `${label}: gate. No verdict before ${plural(gate.minFinished, 'finished instance')}; halts ${stage.onBreach === 'rollback' ? 'and rolls back ' : ''}at ${plural(limit, 'failure')} (the larger of ${gate.maxFailed} and ${gate.maxFailedPct} %), confirmed on 2 evaluations; passes at ${gate.minFinishedPct} % finished${gate.minSuccessPct !== undefined ? ` with ${gate.minSuccessPct} % succeeded` : ''}. Still distributing after ${formatSeconds(gate.stuckAfterSeconds)} counts as failed.`,
    );
    lines.push(
      bake > 0
        ? `${label}: bake ${formatSeconds(bake)}; any instance turning FAILED, DELETED or POD_RESTARTING re-runs the check.`
        : `${label}: no bake.`,
    );
    if (stage.approval) {
      lines.push(
        `${label}: waits for a person to approve${stage.approvalTimeoutSeconds ? ` (pauses after ${formatSeconds(stage.approvalTimeoutSeconds)})` : ''}.`,
      );
    }
  });
  if (stages.length > 0) lines.push('Done: the rollout succeeds once the last stage has baked.');
  return lines;
}

export { GATE_DEFAULTS };
