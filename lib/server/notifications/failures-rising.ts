import type { JsonValue, OutboxEntry, VersionKey } from '@/lib/db';
import { formatDuration } from '@/lib/domain/format';
import { severityOf } from '@/lib/domain/notifications';
import { paths } from '@/lib/paths';
import { dashboardBaseUrl } from './link';

/*
 * "A version's failures rising sharply", judged on the leader from each complete sweep
 * of a watched version. It fires when the failed count grew by at least `minIncrease`
 * instances within `windowMs` and is at least `factor` times what it was at the
 * window's start (the latest sweep at or before it; for a version seen for less than
 * a window, its first sweep here). Failures present when this process first sees a
 * version are its baseline, so a restart or a new leader never alarms on old ones.
 * One message per episode: it re-arms once a whole window passes without a new failure.
 */

export interface FailuresRisingOptions {
  minIncrease: number;
  windowMs: number;
  /** Failed now ≥ factor × failed at the window's start (default 2). */
  factor?: number;
}

export interface SweepSample {
  key: VersionKey;
  /** Epoch ms of the sweep's answer. */
  at: number;
  failed: number;
  total: number;
  failureReasons: readonly { statusDescrip: string; count: number }[];
}

interface VersionState {
  /** Sweeps of the last window, plus the latest one at or before its start. */
  samples: { at: number; failed: number }[];
  armed: boolean;
  lastIncreaseAt: number;
}

export const DEFAULT_FAILURES_FACTOR = 2;
const TOP_REASONS = 3;

export class FailuresRising {
  private readonly states = new Map<string, VersionState>();
  private readonly factor: number;

  constructor(private readonly options: FailuresRisingOptions) {
    this.factor = options.factor ?? DEFAULT_FAILURES_FACTOR;
  }

  /** Takes one sweep; answers the notification when this sweep is the one that shows the rise. */
  observe(sample: SweepSample): OutboxEntry | null {
    const id = stateId(sample.key);
    const { windowMs } = this.options;
    this.forgetIdle(sample.at);
    let state = this.states.get(id);
    if (!state) {
      state = { samples: [], armed: true, lastIncreaseAt: sample.at };
      this.states.set(id, state);
    }
    const previous = state.samples.at(-1);
    if (previous && sample.at <= previous.at) return null;
    if (previous && sample.failed > previous.failed) state.lastIncreaseAt = sample.at;
    state.samples.push({ at: sample.at, failed: sample.failed });
    // Keep one sample at or before the window's start: the baseline.
    const start = sample.at - windowMs;
    while (state.samples.length > 1 && state.samples[1]!.at <= start) state.samples.shift();

    if (!state.armed) {
      if (sample.at - state.lastIncreaseAt >= windowMs) state.armed = true;
      else return null;
    }
    const baseline = state.samples[0]!;
    const increase = sample.failed - baseline.failed;
    if (increase < this.options.minIncrease || sample.failed < this.factor * baseline.failed) return null;
    state.armed = false;
    return failuresRisingEntry(sample, baseline, windowMs);
  }

  /** Versions not swept for two windows (no longer watched) start again from their next sweep. */
  private forgetIdle(now: number): void {
    for (const [id, state] of this.states) {
      const last = state.samples.at(-1);
      if (last && now - last.at > 2 * this.options.windowMs) this.states.delete(id);
    }
  }
}

const stateId = (key: VersionKey) => JSON.stringify([key.appId, key.name, key.version]);

function failuresRisingEntry(
  sample: SweepSample,
  baseline: { at: number; failed: number },
  windowMs: number,
): OutboxEntry {
  const { key } = sample;
  const type = 'version.failures_rising';
  const id = `failures.${key.appId}.${key.name}@${key.version}.${sample.at}`;
  const overMs = sample.at - baseline.at;
  const topReasons = sample.failureReasons
    .slice(0, TOP_REASONS)
    .map((r) => ({ reason: r.statusDescrip, count: r.count }));
  const text =
    `${key.name} ${key.version}: ${sample.failed - baseline.failed} more failed instances in ${formatDuration(overMs)}` +
    ` (${baseline.failed} → ${sample.failed} of ${sample.total})`;
  const payload: JsonValue = {
    id,
    type,
    severity: severityOf(type),
    occurredAt: new Date(sample.at).toISOString(),
    appId: key.appId,
    title: `Failures rising: ${key.name} ${key.version}`,
    text,
    link: `${dashboardBaseUrl()}${paths.version(key.appId, key.name, key.version)}`,
    failures: {
      name: key.name,
      version: key.version,
      before: baseline.failed,
      now: sample.failed,
      increase: sample.failed - baseline.failed,
      total: sample.total,
      since: new Date(baseline.at).toISOString(),
      windowSeconds: Math.round(windowMs / 1000),
      topReasons,
    },
  };
  return { id, appId: key.appId, type, severity: severityOf(type), occurredAt: sample.at, payload };
}
