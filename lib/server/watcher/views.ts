import type { VersionKey } from '@/lib/db';
import { versionId } from './registry';

/** A page view keeps a version swept this long after the last view. */
export const VIEW_TTL_MS = 5 * 60_000;
/** At most one database write per version this often, however many requests read it. */
export const VIEW_TOUCH_THROTTLE_MS = 30_000;
const MAX_TRACKED = 5_000;

/**
 * Marks versions as viewed ('viewed' watch target) without a database write per request:
 * a version is touched at most once per throttle window per process.
 */
export class ViewTracker {
  private readonly touchedAt = new Map<string, number>();

  constructor(
    private readonly touch: (key: VersionKey) => Promise<void>,
    private readonly now: () => number = Date.now,
    private readonly throttleMs = VIEW_TOUCH_THROTTLE_MS,
  ) {}

  /** Returns the pending write, or null when throttled; the write never rejects. */
  markViewed(key: VersionKey): Promise<void> | null {
    const id = versionId(key);
    const at = this.now();
    const last = this.touchedAt.get(id);
    if (last !== undefined && at - last < this.throttleMs) return null;
    this.touchedAt.delete(id);
    this.touchedAt.set(id, at);
    if (this.touchedAt.size > MAX_TRACKED) {
      const oldest = this.touchedAt.keys().next().value;
      if (oldest !== undefined) this.touchedAt.delete(oldest);
    }
    return this.touch(key).catch(() => {
      // Forget the attempt so the next view retries; a missed touch only delays watching.
      this.touchedAt.delete(id);
    });
  }
}
