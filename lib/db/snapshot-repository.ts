import { sql, type Kysely, type Selectable } from 'kysely';
import { fromJsonText, toJsonText, toMs } from './json-column';
import { countsByRegionSchema, statusCountsSchema, type CountsByRegion, type StatusCounts } from './models';
import type { DatabaseSchema, StatusSnapshotsTable } from './schema';

/** One sweep's aggregate for one data file version: what the progress chart plots. */
export interface StatusSnapshot {
  appId: string;
  name: string;
  version: string;
  /** Epoch ms of the sweep. */
  t: number;
  counts: StatusCounts;
  byRegion: CountsByRegion;
  total: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/**
 * Thinning tiers (applied after the retention cut): snapshots older than `age` keep
 * at most one per `bucket` of wall-clock time per version, the latest in the bucket,
 * so each kept point is the freshest state of its interval. A 30-day history of one
 * version is then ≈ 720 (last hour at 5 s) + 1,380 + 4,176 rows.
 */
export const THINNING_TIERS: ReadonlyArray<{ age: number; bucket: number }> = [
  { age: HOUR_MS, bucket: MINUTE_MS },
  { age: DAY_MS, bucket: 10 * MINUTE_MS },
];

export class SnapshotRepository {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  /** A second snapshot of the same version in the same millisecond replaces the first. */
  async insert(snapshot: StatusSnapshot): Promise<void> {
    const counts = toJsonText(statusCountsSchema.parse(snapshot.counts));
    const byRegion = toJsonText(countsByRegionSchema.parse(snapshot.byRegion));
    await this.db
      .insertInto('status_snapshots')
      .values({
        app_id: snapshot.appId,
        name: snapshot.name,
        version: snapshot.version,
        t: snapshot.t,
        counts,
        by_region: byRegion,
        total: snapshot.total,
      })
      .onConflict((oc) =>
        oc
          .columns(['app_id', 'name', 'version', 't'])
          .doUpdateSet({ counts, by_region: byRegion, total: snapshot.total }),
      )
      .execute();
  }

  async latest(appId: string, name: string, version: string): Promise<StatusSnapshot | undefined> {
    const row = await this.forVersion(appId, name, version).orderBy('t', 'desc').limit(1).executeTakeFirst();
    return row && toSnapshot(row);
  }

  /** Snapshots with t >= since, oldest first (chart order). */
  async history(appId: string, name: string, version: string, since: number): Promise<StatusSnapshot[]> {
    const rows = await this.forVersion(appId, name, version).where('t', '>=', since).orderBy('t').execute();
    return rows.map(toSnapshot);
  }

  /** Deletes what is older than the retention, then thins by THINNING_TIERS. Returns rows deleted. */
  async thin(retentionMs: number, now: number): Promise<number> {
    const expired = await this.db
      .deleteFrom('status_snapshots')
      .where('t', '<', now - retentionMs)
      .executeTakeFirst();
    let deleted = Number(expired.numDeletedRows);
    for (const tier of THINNING_TIERS) deleted += await this.thinOlderThan(now - tier.age, tier.bucket);
    return deleted;
  }

  /**
   * Deletes every snapshot older than `cutoff` that has a later one of the same
   * version in the same bucket (also older than cutoff). Integer division on both
   * engines: t is an integer column and the bucket an integer literal.
   */
  private async thinOlderThan(cutoff: number, bucketMs: number): Promise<number> {
    const bucket = sql.lit(bucketMs);
    const result = await this.db
      .deleteFrom('status_snapshots as s')
      .where('s.t', '<', cutoff)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('status_snapshots as o')
            .select('o.t')
            .whereRef('o.app_id', '=', 's.app_id')
            .whereRef('o.name', '=', 's.name')
            .whereRef('o.version', '=', 's.version')
            .whereRef('o.t', '>', 's.t')
            .where('o.t', '<', cutoff)
            .where(sql<boolean>`${sql.ref('o.t')} / ${bucket} = ${sql.ref('s.t')} / ${bucket}`),
        ),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  private forVersion(appId: string, name: string, version: string) {
    return this.db
      .selectFrom('status_snapshots')
      .selectAll()
      .where('app_id', '=', appId)
      .where('name', '=', name)
      .where('version', '=', version);
  }
}

function toSnapshot(row: Selectable<StatusSnapshotsTable>): StatusSnapshot {
  return {
    appId: row.app_id,
    name: row.name,
    version: row.version,
    t: toMs(row.t),
    counts: fromJsonText(statusCountsSchema, row.counts, 'status_snapshots.counts'),
    byRegion: fromJsonText(countsByRegionSchema, row.by_region, 'status_snapshots.by_region'),
    total: Number(row.total),
  };
}
