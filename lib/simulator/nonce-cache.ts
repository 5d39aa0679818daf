/**
 * Nonces seen per AccessKey, each kept until the request's `x-acs-date` can no
 * longer pass the 15-minute check (after that the date check rejects a replay
 * by itself). Bounded so a long benchmark cannot grow it without limit.
 */
export class NonceCache {
  private readonly expiries = new Map<string, number>();

  constructor(private readonly capacity = 200_000) {}

  has(accessKeyId: string, nonce: string, now: number): boolean {
    const expiresAt = this.expiries.get(key(accessKeyId, nonce));
    return expiresAt !== undefined && expiresAt > now;
  }

  remember(accessKeyId: string, nonce: string, expiresAt: number, now: number): void {
    if (this.expiries.size >= this.capacity) this.evict(now);
    this.expiries.set(key(accessKeyId, nonce), expiresAt);
  }

  clear(): void {
    this.expiries.clear();
  }

  get size(): number {
    return this.expiries.size;
  }

  /**
   * Drops expired entries; if the cache is still full, the oldest insertions go,
   * which only weakens replay protection beyond `capacity` requests in 15 minutes.
   */
  private evict(now: number): void {
    for (const [k, expiresAt] of this.expiries) {
      if (expiresAt <= now) this.expiries.delete(k);
    }
    const excess = this.expiries.size - this.capacity + 1;
    if (excess <= 0) return;
    let dropped = 0;
    for (const k of this.expiries.keys()) {
      if (dropped++ >= excess) break;
      this.expiries.delete(k);
    }
  }
}

function key(accessKeyId: string, nonce: string): string {
  return `${accessKeyId}\u0000${nonce}`;
}
