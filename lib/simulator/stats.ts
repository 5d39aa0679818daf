/** Counters behind `GET /__sim/stats`, so tests can assert what reached the service. */
export interface StatsSnapshot {
  /** Calls that passed the signature checks and reached the model, per action. */
  calls: Record<string, number>;
  /** Every error answered, by code: signature errors, injected faults and model rejections. */
  rejected: Record<string, number>;
  /** Connections dropped on purpose by the `dropRate` fault. */
  dropped: number;
  /** Every request to the ENS endpoint, whatever became of it. */
  total: number;
  startedAt: string;
}

/** One write that reached the model, with its parameters, for tests to assert on (`GET /__sim/records`). */
export interface CallRecord {
  action: string;
  /** Simulated time of the call (epoch ms). */
  at: number;
  params: Record<string, string>;
}

/** The actions that change something: the ones a test needs to see exactly. */
const RECORDED = new Set(['PushApplicationData', 'DistApplicationData', 'CleanDistData']);
const NOT_RECORDED = /^(Signature|AccessKeyId|SecurityToken|Timestamp|Format|Version|Action$)/;
/** The newest records are kept; a long soak must not grow without bound. */
const MAX_RECORDS = 2_000;

export class SimStats {
  private calls = new Map<string, number>();
  private rejected = new Map<string, number>();
  private dropped = 0;
  private total = 0;
  private startedAt = new Date();
  private records: CallRecord[] = [];

  countRequest(): void {
    this.total++;
  }

  countCall(action: string): void {
    bump(this.calls, action);
  }

  recordCall(action: string, params: Record<string, string>, at: number): void {
    if (!RECORDED.has(action)) return;
    // Only the action's own parameters: never a signature or a key id.
    const own = Object.fromEntries(Object.entries(params).filter(([k]) => !NOT_RECORDED.test(k)));
    this.records.push({ action, at, params: own });
    if (this.records.length > MAX_RECORDS) this.records.splice(0, this.records.length - MAX_RECORDS);
  }

  /** The writes received, oldest first. */
  writes(): CallRecord[] {
    return [...this.records];
  }

  countRejected(code: string): void {
    bump(this.rejected, code);
  }

  countDropped(): void {
    this.dropped++;
  }

  reset(): void {
    this.calls = new Map();
    this.rejected = new Map();
    this.dropped = 0;
    this.total = 0;
    this.records = [];
    this.startedAt = new Date();
  }

  snapshot(): StatsSnapshot {
    return {
      calls: Object.fromEntries(this.calls),
      rejected: Object.fromEntries(this.rejected),
      dropped: this.dropped,
      total: this.total,
      startedAt: this.startedAt.toISOString(),
    };
  }
}

function bump(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
