import { calibrate, type CalibrationReport } from '@/lib/ens/calibration';
import type { EnsClient } from '@/lib/ens/client';
import { describeDialect } from '@/lib/ens/dialect';

/*
 * `npm run ens:check`: the calibration against one endpoint, printed for people. The
 * client handed to the probes can read and nothing else, so the check can never push.
 */

/** The client with every write replaced by a refusal. */
export function readOnlyClient(client: EnsClient): EnsClient {
  const refuse = () => Promise.reject(new Error('ens:check is read-only: a write was attempted and refused'));
  return { ...client, pushApplicationData: refuse, distApplicationData: refuse, stats: () => client.stats() };
}

export interface EnsCheckResult {
  report: CalibrationReport;
  lines: string[];
  /** Every question decided and nothing unexpected. */
  clean: boolean;
}

export async function runEnsCheck(client: EnsClient, { probeSize }: { probeSize: number }): Promise<EnsCheckResult> {
  const report = await calibrate(readOnlyClient(client), { probeSize });
  const d = report.dialect;
  const lines = [
    `endpoint: ${client.endpoint}`,
    `dialect: ${describeDialect(d)}`,
    `page-size cap: ${d.pageCap ?? 'none found'} (${d.pageCapMode}); PageSize honoured up to ${d.honouredUpTo ?? 'unknown'}`,
    `TotalCount counts: ${d.totalCountUnit}`,
    `InstanceCount scope: ${d.instanceCountScope}${d.instanceCountScope === 'total' ? ' (overview counts need one call per version)' : ''}`,
    `UpdateTime before StartTime seen: ${report.timeSkewSeen ? 'yes' : 'no'}`,
    `probe calls: ${report.calls}${report.appId ? ` (application ${report.appId})` : ''}`,
    ...report.notes.map((note) => `note: ${note}`),
  ];
  const undecided = d.pageCapMode === 'unknown' || d.totalCountUnit === 'unknown' || d.instanceCountScope === 'unknown';
  const unexpected = report.notes.some((n) => !n.startsWith('ENS serves at most') && !n.startsWith('Some rows report'));
  return { report, lines, clean: !undecided && !unexpected };
}
