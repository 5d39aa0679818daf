import { insertOutbox, type OutboxEntry } from './notification-repository';
import type { Kysely, Selectable } from 'kysely';
import { fromNullableJsonText, toJsonText, toMs } from './json-column';
import { fileResultCodesSchema, recordedErrorSchema, type FileResultCode, type RecordedError } from './models';
import { toPush, type Push } from './push-repository';
import type { DatabaseSchema, PushRegionsTable } from './schema';
import type { RegionPhaseState } from '@/lib/domain/push-states';

/**
 * Both phases of a push-and-distribute for one region: the pre-push status as
 * DescribeDataPushResult reports it, and where the dashboard's distribution is.
 *
 *   waiting ──claim──▶ distributing ──▶ sent | failed
 *      └──(pre-push FAILED)──▶ skipped
 *
 * A region left in 'distributing' by a crash stays there: whether
 * DistApplicationData reached ENS is unknown, and distributing twice is what the
 * claim exists to prevent.
 */
export interface RegionDistribution {
  pushId: string;
  regionId: string;
  /** DescribeDataPushResult status: PUSHING | SUCCESS | FAILED (kept as ENS says it). */
  pushStatus: string | null;
  distState: RegionPhaseState;
  distRequestId: string | null;
  distResultCodes: FileResultCode[] | null;
  error: RecordedError | null;
  updatedAt: number;
}

export type RegionResult =
  | { state: 'sent'; requestId: string; resultCodes: readonly FileResultCode[] }
  | { state: 'failed'; error: RecordedError }
  | { state: 'skipped'; reason: RecordedError };

const UNFINISHED: RegionPhaseState[] = ['waiting', 'distributing'];

export class DistributionRepository {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly clock: () => number,
  ) {}

  /** Records a region's pre-push status; a new region starts 'waiting'. Never touches distState. */
  async upsertRegionPushStatus(pushId: string, regionId: string, pushStatus: string | null): Promise<void> {
    await this.db
      .insertInto('push_regions')
      .values({
        push_id: pushId,
        region_id: regionId,
        push_status: pushStatus,
        dist_state: 'waiting',
        dist_request_id: null,
        dist_result_codes: null,
        error: null,
        updated_at: this.clock(),
      })
      .onConflict((oc) =>
        oc.columns(['push_id', 'region_id']).doUpdateSet((eb) => ({
          push_status: eb.ref('excluded.push_status'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }

  /**
   * waiting → distributing as one conditional UPDATE: the row lock (PostgreSQL) or the
   * single writer (SQLite) lets exactly one caller see a changed row, across
   * concurrent calls, restarts and replicas. Only the caller that gets true may call
   * DistApplicationData for the region.
   */
  async claimRegionForDistribution(pushId: string, regionId: string): Promise<boolean> {
    const result = await this.db
      .updateTable('push_regions')
      .set({ dist_state: 'distributing', updated_at: this.clock() })
      .where('push_id', '=', pushId)
      .where('region_id', '=', regionId)
      .where('dist_state', '=', 'waiting')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * sent/failed close a claimed ('distributing') region; skipped closes a 'waiting'
   * one (its pre-push failed, nothing was distributed). Returns false when the region
   * was not in the state the transition requires.
   */
  async markRegionResult(
    pushId: string,
    regionId: string,
    result: RegionResult,
    /** Notifications of this result, written only if the transition happens, in its transaction. */
    notifications: readonly OutboxEntry[] = [],
  ): Promise<boolean> {
    const from: RegionPhaseState = result.state === 'skipped' ? 'waiting' : 'distributing';
    return this.db.transaction().execute(async (trx) => {
      const outcome = await trx
        .updateTable('push_regions')
        .set({ ...resultColumns(result), updated_at: this.clock() })
        .where('push_id', '=', pushId)
        .where('region_id', '=', regionId)
        .where('dist_state', '=', from)
        .executeTakeFirst();
      const moved = Number(outcome.numUpdatedRows) === 1;
      if (moved && notifications.length > 0) await insertOutbox(trx, notifications, this.clock());
      return moved;
    });
  }

  async listByPush(pushId: string): Promise<RegionDistribution[]> {
    const rows = await this.db
      .selectFrom('push_regions')
      .selectAll()
      .where('push_id', '=', pushId)
      .orderBy('region_id')
      .execute();
    return rows.map(toRegionDistribution);
  }

  /** The region phases of several pushes in one query, keyed by push id (a page of the history). */
  async listByPushes(pushIds: readonly string[]): Promise<Map<string, RegionDistribution[]>> {
    const byPush = new Map<string, RegionDistribution[]>(pushIds.map((id) => [id, []]));
    if (pushIds.length === 0) return byPush;
    const rows = await this.db
      .selectFrom('push_regions')
      .selectAll()
      .where('push_id', 'in', [...pushIds])
      .orderBy('push_id')
      .orderBy('region_id')
      .execute();
    for (const row of rows) byPush.get(row.push_id)?.push(toRegionDistribution(row));
    return byPush;
  }

  /**
   * Sent push-and-distribute pushes the watcher still has to drive: no region known
   * yet (ENS has not reported the pre-push), or some region waiting or distributing.
   * Oldest first. `createdAfter` bounds the work (e.g. the last 24 hours).
   */
  async listPushesWithUnfinishedDistribution(options: { createdAfter?: number } = {}): Promise<Push[]> {
    let query = this.db
      .selectFrom('pushes')
      .selectAll()
      .where('kind', '=', 'distribute')
      .where('state', '=', 'sent')
      .where((eb) => {
        const regions = () =>
          eb
            .selectFrom('push_regions')
            .select('push_regions.push_id')
            .whereRef('push_regions.push_id', '=', 'pushes.id');
        return eb.or([
          eb.not(eb.exists(regions())),
          eb.exists(regions().where('push_regions.dist_state', 'in', UNFINISHED)),
        ]);
      });
    if (options.createdAfter !== undefined) query = query.where('created_at', '>=', options.createdAfter);
    const rows = await query.orderBy('created_at').orderBy('id').execute();
    return rows.map(toPush);
  }
}

function resultColumns(result: RegionResult): Partial<Selectable<PushRegionsTable>> {
  switch (result.state) {
    case 'sent':
      return {
        dist_state: 'sent',
        dist_request_id: result.requestId,
        dist_result_codes: toJsonText(fileResultCodesSchema.parse(result.resultCodes)),
      };
    case 'failed': {
      const error = recordedErrorSchema.parse(result.error);
      return { dist_state: 'failed', dist_request_id: error.requestId ?? null, error: toJsonText(error) };
    }
    case 'skipped':
      return { dist_state: 'skipped', error: toJsonText(recordedErrorSchema.parse(result.reason)) };
  }
}

function toRegionDistribution(row: Selectable<PushRegionsTable>): RegionDistribution {
  return {
    pushId: row.push_id,
    regionId: row.region_id,
    pushStatus: row.push_status,
    distState: row.dist_state,
    distRequestId: row.dist_request_id,
    distResultCodes: fromNullableJsonText(
      fileResultCodesSchema,
      row.dist_result_codes,
      'push_regions.dist_result_codes',
    ),
    error: fromNullableJsonText(recordedErrorSchema, row.error, 'push_regions.error'),
    updatedAt: toMs(row.updated_at),
  };
}
