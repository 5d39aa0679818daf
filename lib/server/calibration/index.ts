import 'server-only';
import { getConfig } from '@/lib/config';
import { getDb } from '@/lib/db/server';
import { getEnsClient } from '@/lib/ens/client';
import type { EnsDialect } from '@/lib/ens/dialect';
import { Calibrator, type Calibration } from './calibrator';

export type { Calibration } from './calibrator';

// On globalThis: the routes, the pages and the watcher are separate module instances.
const holder = globalThis as typeof globalThis & { __ensCalibrator?: Calibrator };

export function getCalibrator(): Calibrator {
  holder.__ensCalibrator ??= new Calibrator({
    client: getEnsClient,
    db: getDb,
    probeSize: getConfig().ENS_PAGE_SIZE,
    log: (line) => console.log(line),
  });
  return holder.__ensCalibrator;
}

/** The dialect reads use (calibrating on first contact); unknown while calibration fails. */
export function getDialect(): Promise<EnsDialect> {
  return getCalibrator().dialect();
}

/** A read ran into a page-size cap: if calibration did not know it, calibration runs again. */
export function noteCapFound(cap: { size: number; mode: string }): void {
  try {
    getCalibrator().noteCapFound(cap);
  } catch {
    // No client yet: nothing to recalibrate.
  }
}

/** What is known about the configured endpoint, calling nobody; undefined before the first calibration. */
export function peekCalibration(): Calibration | undefined {
  try {
    return getCalibrator().peek();
  } catch {
    // No client yet (the embedded simulator is starting).
    return undefined;
  }
}
