import 'server-only';
import type { VersionKey } from '@/lib/db';
import { facetsOf, prepareTable, type DistRow } from '@/lib/domain/version-detail';
import { carryAsked, recentlyAsked, unnoted } from '@/lib/domain/row-views';
import { HISTORY, prepareHistory } from '@/lib/server/snapshots';
import { STRAGGLERS, stragglersOf } from '@/lib/server/versions';
import { betweenRequests } from '@/lib/server/requests-in-flight';

/**
 * What the version page asks of a read, made from a sweep's new rows before they are
 * served: the stragglers, the rebuilt history, and the table under every filter someone
 * used in the last minute (with its counts). Otherwise the first poll after each sweep
 * of a moving 100,000-instance rollout paid for them (a few hundred milliseconds), and a
 * filter click landing then waited behind it. Only what requests asked of the previous
 * read (row-views.ts, noteAsked) is made, so nobody looking costs nothing; each part in
 * a turn of the event loop of its own, between the requests being answered (a filter
 * click that lands during the preparation waits for one part, not for all of them).
 * Never fails the sweep.
 */
export async function prepareVersionViews(
  key: VersionKey,
  previous: readonly DistRow[] | undefined,
  rows: readonly DistRow[],
): Promise<void> {
  if (!previous || rows === previous) return;
  const steps: (() => unknown)[] = [];
  for (const [name, asked] of recentlyAsked(previous)) {
    if (name === STRAGGLERS) steps.push(() => stragglersOf(rows));
    else if (name === HISTORY) steps.push(() => prepareHistory(key.appId, key.name, key.version, rows));
    else if (asked.query) {
      const query = asked.query;
      steps.push(
        () => prepareTable(rows, query),
        () => facetsOf(rows, query),
      );
    }
  }
  for (const step of steps) {
    await betweenRequests();
    try {
      unnoted(step);
    } catch {
      // Only a head start: the request that asks for it builds it, and answers its error.
    }
  }
  // Asked of the new rows as long ago as of the old: views nobody reads stop being made.
  carryAsked(previous, rows);
}
