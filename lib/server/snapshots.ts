import 'server-only';
import type { historyResponseSchema } from '@/lib/contracts/monitoring';
import type { z } from 'zod';
import { getDb } from '@/lib/db/server';
import { markViewed } from '@/lib/server/watcher/reads';
import { heldPushRows, heldVersionRows } from '@/lib/server/versions';
import { UNKNOWN_REGION, type DistRow } from '@/lib/domain/version-detail';
import {
  mergeHistory,
  reconstructHistory,
  rolloutTiming,
  type Reconstruction,
  type RolloutTiming,
} from '@/lib/domain/reconstruct';
import type { PushRow } from '@/lib/ens/schemas';
import { ensClockOffsetMs } from '@/lib/ens/clock';

/** The answer as the API sends it (recorded points' times as ISO; the browser's schema turns them into epoch ms). */
type WireHistory = z.input<typeof historyResponseSchema>;

interface Rebuilt {
  push: readonly PushRow[] | undefined;
  asOf: number;
  reconstruction: Reconstruction;
  timing: RolloutTiming;
}

// Rebuilt once per read of the rows (a sweep, a cached read), not once per request:
// every viewer and every poll of the same read share it.
const memo = new WeakMap<readonly DistRow[], Rebuilt>();

function rebuild(rows: readonly DistRow[], push: readonly PushRow[] | undefined, asOf: number): Rebuilt {
  const known = memo.get(rows);
  if (known && known.push === push && known.asOf === asOf) return known;
  const reconstruction = reconstructHistory(rows, push ?? [], asOf);
  const rebuilt = {
    push,
    asOf,
    reconstruction,
    timing: rolloutTiming(rows, reconstruction.pushedAt, asOf, 5, UNKNOWN_REGION),
  };
  memo.set(rows, rebuilt);
  return rebuilt;
}

/**
 * The version's snapshots since `since` (epoch ms), oldest first, and the whole
 * rollout rebuilt from the instance and pre-push rows this process already holds
 * (never an extra ENS read: a version not read yet has recorded points only).
 */
export async function getDistributionHistory(
  appId: string,
  name: string,
  version: string,
  since: number,
): Promise<WireHistory> {
  const db = await getDb();
  // The chart is drawn on ENS's clock, as the rows' own times are: this server's times
  // (snapshots, the read's time) move by ENS's current offset (lib/ens/clock.ts), and
  // `since` is read on the same clock as the times answered.
  const offset = ensClockOffsetMs();
  const snapshots = await db.snapshots.history(appId, name, version, since - offset);
  const recorded = snapshots.map((s) => ({ t: s.t + offset, counts: s.counts }));
  const points = snapshots.map((s) => ({ t: new Date(s.t + offset).toISOString(), counts: s.counts }));
  const held = heldVersionRows(appId, name, version);
  // A chart on screen is a viewer: keep the version swept so the chart keeps growing. Only
  // a version known to exist (recorded, or read from ENS): a made-up name watches nothing.
  if (snapshots.length > 0 || (held !== undefined && held.rows.length > 0)) markViewed({ appId, name, version });
  if (!held) return { points, series: mergeHistory(recorded, []), reconstruction: null, timing: null };
  const { reconstruction, timing, asOf } = rebuild(
    held.rows,
    heldPushRows(appId, name, version),
    held.fetchedAt + offset,
  );
  const { points: rebuiltPoints, ...about } = reconstruction;
  return { points, series: mergeHistory(recorded, rebuiltPoints), reconstruction: { asOf, ...about }, timing };
}
