import { z } from 'zod';
import { CalibrationRepository, type Db } from '@/lib/db';
import { calibrate, type CalibrationReport } from '@/lib/ens/calibration';
import type { EnsClient } from '@/lib/ens/client';
import { describeDialect, ensDialectSchema, UNKNOWN_DIALECT, type EnsDialect } from '@/lib/ens/dialect';

/*
 * Calibration per endpoint: run on first contact, stored in the database (so a restart
 * or another replica reuses it), refreshed daily, logged once per result. Free of
 * configuration and singletons so tests build it around their own client and database;
 * index.ts is the process's instance.
 */

export const CALIBRATION_MAX_AGE_MS = 24 * 60 * 60_000;
/** After a failed calibration, reads go on without one and it is retried this much later. */
export const CALIBRATION_RETRY_MS = 60_000;

const reportFacts = z.object({
  appId: z.string().optional(),
  calls: z.number().int().nonnegative(),
  timeSkewSeen: z.boolean(),
  notes: z.array(z.string()),
});

export interface Calibration extends Omit<CalibrationReport, 'dialect'> {
  endpoint: string;
  dialect: EnsDialect;
  calibratedAt: number;
}

export interface CalibratorDeps {
  client: () => EnsClient;
  db: () => Promise<Db>;
  probeSize: number;
  now?: () => number;
  log?: (line: string) => void;
}

interface Entry {
  value?: Calibration;
  inflight?: Promise<Calibration>;
  failedAt?: number;
  error?: unknown;
  loggedKey?: string;
  /** When a read's finding last forced a recalibration. */
  recheckedAt?: number;
}

export class Calibrator {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly deps: CalibratorDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** The dialect every read uses: the endpoint's calibration, or UNKNOWN_DIALECT while there is none. Never throws. */
  async dialect(): Promise<EnsDialect> {
    try {
      return (await this.ensure()).dialect;
    } catch {
      return UNKNOWN_DIALECT;
    }
  }

  /** What is known now, without calling anyone. */
  peek(endpoint = this.deps.client().endpoint): Calibration | undefined {
    return this.entries.get(endpoint)?.value;
  }

  /**
   * The endpoint's calibration: from memory, else from the database, else probed (the
   * first contact). One older than a day is refreshed in the background while it keeps
   * serving; `force` probes now.
   */
  async ensure({ force = false } = {}): Promise<Calibration> {
    const client = this.deps.client();
    const endpoint = client.endpoint;
    let entry = this.entries.get(endpoint);
    if (!entry) this.entries.set(endpoint, (entry = {}));
    const now = this.now();
    const { value } = entry;
    if (value && !force) {
      if (now - value.calibratedAt >= CALIBRATION_MAX_AGE_MS && !entry.inflight && !this.retryPending(entry, now)) {
        this.start(entry, client, true).catch(() => undefined);
      }
      return value;
    }
    if (entry.inflight) return entry.inflight;
    if (!force && this.retryPending(entry, now)) throw entry.error;
    return this.start(entry, client, force);
  }

  /**
   * A read ran into a page-size cap. When calibration says otherwise (it is a day old, or
   * ENS changed), it runs again now, in the background, at most once a retry window.
   */
  noteCapFound(cap: { size: number; mode: string }): void {
    const client = this.deps.client();
    const entry = this.entries.get(client.endpoint);
    const known = entry?.value?.dialect;
    if (!entry || !known || entry.inflight) return;
    if (known.pageCap === cap.size && known.pageCapMode === cap.mode) return;
    const now = this.now();
    if (entry.recheckedAt !== undefined && now - entry.recheckedAt < CALIBRATION_RETRY_MS) return;
    entry.recheckedAt = now;
    this.deps.log?.(
      `ens: a read found a page-size cap of ${cap.size} (${cap.mode}) that calibration did not know; calibrating ${client.endpoint} again`,
    );
    this.start(entry, client, true).catch(() => undefined);
  }

  private retryPending(entry: Entry, now: number): boolean {
    return entry.failedAt !== undefined && now - entry.failedAt < CALIBRATION_RETRY_MS;
  }

  private start(entry: Entry, client: EnsClient, probe: boolean): Promise<Calibration> {
    const run = (async () => {
      const repo = new CalibrationRepository((await this.deps.db()).kysely);
      if (!probe) {
        const stored = await repo.get(client.endpoint).catch(() => undefined);
        const parsed = stored && this.parse(stored.endpoint, stored.dialect, stored.report, stored.calibratedAt);
        if (parsed && this.now() - parsed.calibratedAt < CALIBRATION_MAX_AGE_MS) return parsed;
      }
      const report = await calibrate(client, { probeSize: this.deps.probeSize });
      const calibration: Calibration = { ...report, endpoint: client.endpoint, calibratedAt: this.now() };
      const { dialect, endpoint, calibratedAt, ...facts } = calibration;
      await repo.put({ endpoint, dialect, report: facts, calibratedAt }).catch((err: unknown) => {
        this.deps.log?.(
          `ens: calibration of ${endpoint} could not be stored: ${err instanceof Error ? err.message : String(err)}`,
        );
      });
      return calibration;
    })();
    entry.inflight = run;
    run.then(
      (calibration) => {
        entry.value = calibration;
        entry.failedAt = undefined;
        entry.error = undefined;
        this.logOnce(entry, calibration);
      },
      (error: unknown) => {
        entry.failedAt = this.now();
        entry.error = error;
        this.deps.log?.(
          `ens: calibration of ${client.endpoint} failed (${error instanceof Error ? error.message : String(error)}); reads check everything themselves meanwhile`,
        );
      },
    );
    void run.finally(() => (entry.inflight = undefined)).catch(() => undefined);
    return run;
  }

  private parse(endpoint: string, dialect: unknown, report: unknown, calibratedAt: number): Calibration | undefined {
    const d = ensDialectSchema.safeParse(dialect);
    const r = reportFacts.safeParse(report);
    return d.success && r.success ? { endpoint, dialect: d.data, calibratedAt, ...r.data } : undefined;
  }

  /** One log line per endpoint and result: a repeated identical calibration stays quiet. */
  private logOnce(entry: Entry, c: Calibration): void {
    const key = JSON.stringify([c.dialect, c.notes]);
    if (entry.loggedKey === key) return;
    entry.loggedKey = key;
    const notes = c.notes.length > 0 ? ` Notes: ${c.notes.join(' ')}` : '';
    this.deps.log?.(`ens: ${c.endpoint} dialect: ${describeDialect(c.dialect)}.${notes}`);
  }
}
