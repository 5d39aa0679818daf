import type { StatusCounts } from './status';

/*
 * A staged rollout's health gate, evaluated on counts of finished instances. Every
 * evaluation ends in a verdict and a sentence that says why, with the numbers, so a
 * person reading the rollout's timeline never has to guess what the gate saw.
 */

export interface Gate {
  /** No verdict before this many instances finished (default 10, or all targeted if fewer). */
  minFinished: number;
  /** Failures allowed as a count (default 2)… */
  maxFailed: number;
  /** …and as a share of the population, in percent (default 5); the larger limit applies. */
  maxFailedPct: number;
  /** Share of the population that must have finished to pass, in percent (default 95). */
  minFinishedPct: number;
  /** Optional: share of finished instances that must have succeeded, in percent. */
  minSuccessPct?: number | undefined;
  /** An instance distributing or restarting this long, or targeted and never seen, counts as failed (default 1800). */
  stuckAfterSeconds: number;
}

export const GATE_DEFAULTS = {
  minFinished: 10,
  maxFailed: 2,
  maxFailedPct: 5,
  minFinishedPct: 95,
  stuckAfterSeconds: 1800,
} as const;

/** How many consecutive breaching evaluations confirm a breach (one bad read is not enough). */
export const BREACH_CONFIRMATIONS = 2;

/** The gate's defaults filled in for a stage of `population` instances. */
export function gateFor(population: number, gate: Partial<Gate> = {}): Gate {
  return {
    minFinished: gate.minFinished ?? Math.min(GATE_DEFAULTS.minFinished, Math.max(population, 1)),
    maxFailed: gate.maxFailed ?? GATE_DEFAULTS.maxFailed,
    maxFailedPct: gate.maxFailedPct ?? GATE_DEFAULTS.maxFailedPct,
    minFinishedPct: gate.minFinishedPct ?? GATE_DEFAULTS.minFinishedPct,
    minSuccessPct: gate.minSuccessPct,
    stuckAfterSeconds: gate.stuckAfterSeconds ?? GATE_DEFAULTS.stuckAfterSeconds,
  };
}

/** What the gate looks at: the stage's population, snapshotted when its distribution started. */
export interface GateSample {
  /** Instances targeted by the stage (N), each counted once however often it was retried. */
  population: number;
  counts: StatusCounts;
  /** Instances in DISTING or POD_RESTARTING for longer than stuckAfter. */
  stuck: number;
  /** Targeted instances that never appeared in ENS's answer, once stuckAfter has passed. */
  missing: number;
}

export type GateVerdict = 'waiting' | 'passing' | 'pass' | 'breaching' | 'breach';

export interface GateEvaluation {
  verdict: GateVerdict;
  /** The sentence the rollout page and the timeline show. */
  reason: string;
  finished: number;
  /** FAILED plus stuck plus missing. */
  failed: number;
  failureLimit: number;
  finishedPct: number;
  successPct: number | null;
  consecutiveBreaches: number;
}

const pct = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : 0);
const fmtPct = (value: number) => `${value.toFixed(1)} %`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The larger of the count and the share of the population: the failures at which the gate breaches. */
export function failureLimit(gate: Gate, population: number): number {
  return Math.max(gate.maxFailed, Math.ceil((gate.maxFailedPct / 100) * population));
}

/**
 * One evaluation. A breach needs BREACH_CONFIRMATIONS consecutive breaching
 * evaluations (`previousBreaches` is the count before this one); a pass needs the
 * finished share with no breach and, when set, the success share among finished.
 */
export function evaluateGate(gate: Gate, sample: GateSample, previousBreaches = 0): GateEvaluation {
  const { population, counts } = sample;
  const failed = counts.FAILED + sample.stuck + sample.missing;
  const finished = counts.SUCCESS + failed;
  const limit = failureLimit(gate, population);
  const finishedPct = pct(finished, population);
  const successPct = finished > 0 ? pct(counts.SUCCESS, finished) : null;
  const base = { finished, failed, failureLimit: limit, finishedPct, successPct };

  const failureBreach = finished >= gate.minFinished && failed >= limit;
  const finishedEnough = finishedPct >= gate.minFinishedPct;
  const successBreach = finishedEnough && gate.minSuccessPct !== undefined && (successPct ?? 0) < gate.minSuccessPct;

  if (failureBreach || successBreach) {
    const consecutiveBreaches = previousBreaches + 1;
    const confirmed = consecutiveBreaches >= BREACH_CONFIRMATIONS;
    const what = failureBreach
      ? `${failed} of ${finished} finished instances failed (${fmtPct(pct(failed, finished))}), at or above the limit of ${plural(limit, 'instance')}`
      : `${fmtPct(successPct ?? 0)} of ${finished} finished instances succeeded, below the required ${fmtPct(gate.minSuccessPct ?? 0)}`;
    const detail = [
      sample.stuck > 0 ? `${sample.stuck} stuck` : '',
      sample.missing > 0 ? `${sample.missing} never seen` : '',
    ]
      .filter(Boolean)
      .join(', ');
    const suffix = confirmed
      ? `confirmed on ${plural(consecutiveBreaches, 'evaluation')}`
      : `awaiting confirmation (${consecutiveBreaches} of ${BREACH_CONFIRMATIONS})`;
    return {
      ...base,
      verdict: confirmed ? 'breach' : 'breaching',
      reason: `${what}${detail ? ` (${detail})` : ''}; ${suffix}`,
      consecutiveBreaches,
    };
  }
  if (finished < gate.minFinished) {
    return {
      ...base,
      verdict: 'waiting',
      reason: `${finished} of ${gate.minFinished} finished instances needed before a verdict`,
      consecutiveBreaches: 0,
    };
  }
  if (!finishedEnough) {
    return {
      ...base,
      verdict: 'passing',
      reason: `${fmtPct(finishedPct)} of ${population} instances finished, ${fmtPct(gate.minFinishedPct)} needed; ${plural(failed, 'failure')}, limit ${limit}`,
      consecutiveBreaches: 0,
    };
  }
  return {
    ...base,
    verdict: 'pass',
    reason: `${finished} of ${population} instances finished (${fmtPct(finishedPct)}) with ${plural(failed, 'failure')}, under the limit of ${limit}`,
    consecutiveBreaches: 0,
  };
}
