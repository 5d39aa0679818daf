import 'server-only';
import type { historyResponseSchema } from '@/lib/contracts/monitoring';
import type { z } from 'zod';
import { getDb } from '@/lib/db/server';
import { markViewed } from '@/lib/server/watcher/reads';
import { heldPushRows, heldVersionRows } from '@/lib/server/versions';
import { UNKNOWN_REGION, type DistRow } from '@/lib/domain/version-detail';
import { knownOnePerInstance, noteAsked } from '@/lib/domain/row-views';
import {
  mergeHistory,
  parseTime,
  reconstructionAt,
  reconstructTimed,
  rolloutTimingOf,
  timedRows,
  type Reconstruction,
  type RolloutTiming,
} from '@/lib/domain/reconstruct';
import type { PushRow } from '@/lib/ens/schemas';
import { ensClockOffsetMs } from '@/lib/ens/clock';

/** The answer as the API sends it (recorded points' times as ISO; the browser's schema turns them into epoch ms). */
type WireHistory = z.input<typeof historyResponseSchema>;

interface Rebuilt {
  /** The pre-push rows it was built from, as text: a refreshed answer with the same rows reuses it. */
  pushKey: string;
  asOf: number;
  /** The latest time among its rows and pre-push rows; with `untimed`, whether another asOf can reuse it. */
  latest: number;
  untimed: number;
  reconstruction: Reconstruction;
  timing: RolloutTiming;
}

// Rebuilt once per read of the rows (a sweep, a cached read), not once per request:
// every viewer and every poll of the same read share it. A sweep that found nothing
// changed hands back the same rows at a later time: then only the curve's last point moves.
// On globalThis: the watcher prepares it (prepared-views.ts) for the routes, a separate module instance.
const memoHolder = globalThis as typeof globalThis & { __ensRebuilt?: WeakMap<readonly DistRow[], Rebuilt> };
const memo = (memoHolder.__ensRebuilt ??= new WeakMap());

/** Noted as asked (row-views.ts): the next read prepares it (prepared-views.ts). */
export const HISTORY = 'history';

/** Rebuilds the history of a read as a request would a moment later, so none waits for it. */
export function prepareHistory(appId: string, name: string, version: string, rows: readonly DistRow[]): void {
  rebuild(rows, heldPushRows(appId, name, version), Date.now() + ensClockOffsetMs());
}

const pushKeyOf = (push: readonly PushRow[]) =>
  push.map((p) => `${p.regionId}\u0000${p.status}\u0000${p.startTime}\u0000${p.updateTime}`).join('\n');

function rebuild(rows: readonly DistRow[], pushRows: readonly PushRow[] | undefined, asOf: number): Rebuilt {
  noteAsked(rows, HISTORY);
  const push = pushRows ?? [];
  const pushKey = pushKeyOf(push);
  const known = memo.get(rows);
  if (known && known.pushKey === pushKey) {
    if (known.asOf === asOf) return known;
    if (known.untimed === 0 && known.latest <= Math.min(known.asOf, asOf)) {
      const moved = { ...known, asOf, reconstruction: reconstructionAt(known.reconstruction, known.latest, asOf) };
      memo.set(rows, moved);
      return moved;
    }
  }
  // The rows' times are read once for the curve and the timing both; one read's rows
  // hold each instance once.
  const timed = timedRows(rows, asOf, knownOnePerInstance(rows));
  const reconstruction = reconstructTimed(timed, push, asOf);
  const pushTimes = push.flatMap((p) => [parseTime(p.startTime), parseTime(p.updateTime)]).filter(Number.isFinite);
  const rebuilt = {
    pushKey,
    asOf,
    latest: Math.max(timed.latest, ...pushTimes),
    untimed: timed.untimed,
    reconstruction,
    timing: rolloutTimingOf(timed, reconstruction.pushedAt, 5, UNKNOWN_REGION),
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
