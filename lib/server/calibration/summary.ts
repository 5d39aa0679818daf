import type { EnsDialect } from '@/lib/ens/dialect';
import type { Calibration } from './calibrator';

/** What /api/health and /diagnostics show of a calibration: no secret, nothing but facts. */
export interface CalibrationSummary {
  endpoint: string;
  calibratedAt: string;
  dialect: EnsDialect;
  /** The application the probes read; absent when none had rows. */
  appId?: string;
  calls: number;
  timeSkewSeen: boolean;
  notes: string[];
}

export function summarizeCalibration(c: Calibration | undefined): CalibrationSummary | null {
  if (!c) return null;
  return {
    endpoint: c.endpoint,
    calibratedAt: new Date(c.calibratedAt).toISOString(),
    dialect: c.dialect,
    ...(c.appId ? { appId: c.appId } : {}),
    calls: c.calls,
    timeSkewSeen: c.timeSkewSeen,
    notes: c.notes,
  };
}
