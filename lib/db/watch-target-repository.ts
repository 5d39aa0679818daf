import { sql, type Kysely } from 'kysely';
import { toMs } from './json-column';
import type { VersionKey } from './models';
import type { DatabaseSchema, WatchReason } from './schema';

export type { WatchReason };

/** A version the watcher sweeps, with every reason it is still wanted. */
export interface WatchTarget extends VersionKey {
  reasons: WatchReason[];
  lastRequestedAt: number;
  /** The latest expiry among its reasons. */
  expiresAt: number;
}

/**
 * What the watcher sweeps, kept in the database so a replica taking over the
 * leadership inherits it. One row per (version, reason): a page view and a push
 * expire independently. Callers on hot paths (page views) should debounce touches.
 */
export class WatchTargetRepository {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly clock: () => number,
  ) {}

  /** Starts watching, or extends; an expiry already further away is kept. */
  async touch(key: VersionKey, reason: WatchReason, ttlMs: number): Promise<void> {
    const now = this.clock();
    await this.db
      .insertInto('watch_targets')
      .values({
        app_id: key.appId,
        name: key.name,
        version: key.version,
        reason,
        last_requested_at: now,
        expires_at: now + ttlMs,
      })
      .onConflict((oc) =>
        oc.columns(['app_id', 'name', 'version', 'reason']).doUpdateSet({
          last_requested_at: (eb) => eb.ref('excluded.last_requested_at'),
          // CASE rather than max()/greatest(): the one spelling both engines accept.
          expires_at: sql<number>`case when watch_targets.expires_at > excluded.expires_at
            then watch_targets.expires_at else excluded.expires_at end`,
        }),
      )
      .execute();
  }

  /** Versions with at least one unexpired reason, grouped, in a stable order. */
  async listActive(): Promise<WatchTarget[]> {
    const rows = await this.db
      .selectFrom('watch_targets')
      .selectAll()
      .where('expires_at', '>', this.clock())
      .orderBy('app_id')
      .orderBy('name')
      .orderBy('version')
      .orderBy('reason')
      .execute();
    const byVersion = new Map<string, WatchTarget>();
    for (const row of rows) {
      const id = JSON.stringify([row.app_id, row.name, row.version]);
      const target = byVersion.get(id);
      const lastRequestedAt = toMs(row.last_requested_at);
      const expiresAt = toMs(row.expires_at);
      if (!target) {
        byVersion.set(id, {
          appId: row.app_id,
          name: row.name,
          version: row.version,
          reasons: [row.reason],
          lastRequestedAt,
          expiresAt,
        });
        continue;
      }
      target.reasons.push(row.reason);
      target.lastRequestedAt = Math.max(target.lastRequestedAt, lastRequestedAt);
      target.expiresAt = Math.max(target.expiresAt, expiresAt);
    }
    return [...byVersion.values()];
  }

  /** Deletes expired rows; returns how many. */
  async expire(): Promise<number> {
    const result = await this.db.deleteFrom('watch_targets').where('expires_at', '<=', this.clock()).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Stops one reason now, whatever its expiry. */
  async remove(key: VersionKey, reason: WatchReason): Promise<void> {
    await this.db
      .deleteFrom('watch_targets')
      .where('app_id', '=', key.appId)
      .where('name', '=', key.name)
      .where('version', '=', key.version)
      .where('reason', '=', reason)
      .execute();
  }
}
