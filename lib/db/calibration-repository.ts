import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { DatabaseSchema } from './schema';

/** A stored calibration: the dialect and the report's facts, as JSON the caller parses with its own schema. */
export interface StoredCalibration {
  endpoint: string;
  dialect: unknown;
  report: unknown;
  calibratedAt: number;
}

const json = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not JSON' });
    return z.NEVER;
  }
});

/** One row per ENS endpoint; the latest calibration replaces the previous one. */
export class CalibrationRepository {
  constructor(private readonly db: Kysely<DatabaseSchema>) {}

  async get(endpoint: string): Promise<StoredCalibration | undefined> {
    const row = await this.db
      .selectFrom('ens_calibrations')
      .selectAll()
      .where('endpoint', '=', endpoint)
      .executeTakeFirst();
    if (!row) return undefined;
    const dialect = json.safeParse(row.dialect);
    const report = json.safeParse(row.report);
    if (!dialect.success || !report.success) return undefined;
    return {
      endpoint: row.endpoint,
      dialect: dialect.data,
      report: report.data,
      calibratedAt: Number(row.calibrated_at),
    };
  }

  async put(value: StoredCalibration): Promise<void> {
    const row = {
      endpoint: value.endpoint,
      dialect: JSON.stringify(value.dialect),
      report: JSON.stringify(value.report),
      calibrated_at: value.calibratedAt,
    };
    await this.db
      .insertInto('ens_calibrations')
      .values(row)
      .onConflict((oc) =>
        oc
          .column('endpoint')
          .doUpdateSet({ dialect: row.dialect, report: row.report, calibrated_at: row.calibrated_at }),
      )
      .execute();
  }
}
