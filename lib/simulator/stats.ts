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

export class SimStats {
  private calls = new Map<string, number>();
  private rejected = new Map<string, number>();
  private dropped = 0;
  private total = 0;
  private startedAt = new Date();

  countRequest(): void {
    this.total++;
  }

  countCall(action: string): void {
    bump(this.calls, action);
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
