import { statusFigures } from '@/lib/domain/status';
import type { VersionSummary } from '@/lib/domain/version-detail';
import type { VersionCounts } from '@/lib/ens/status-counts';

/**
 * Overview items from cheap counts. updatedAt is the one row seen's latest time (a
 * hint; versions the watcher sweeps are overlaid with their exact sweep), ordered as
 * summarizeVersions orders them.
 */
export function summariesFromCounts(versions: readonly VersionCounts[]): VersionSummary[] {
  return versions
    .map((v) => ({
      name: v.name,
      version: v.version,
      total: v.total,
      counts: { ...v.counts },
      ...statusFigures(v.counts),
      updatedAt: v.sampleTime,
    }))
    .sort(
      (a, b) =>
        (b.updatedAt ?? '').localeCompare(a.updatedAt ?? '') ||
        a.name.localeCompare(b.name) ||
        a.version.localeCompare(b.version),
    );
}
