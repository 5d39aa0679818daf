'use client';

import Link from 'next/link';
import { useOutsidePushes } from '@/features/history/api/get-outside-pushes';
import type { HistoryFilters } from '@/lib/contracts/history-filters';
import { paths } from '@/lib/paths';
import styles from './history.module.css';

/**
 * Pushes of this application's files that ENS reports and this dashboard did not make
 * (the CLI, the console, another tool): listed so the log has no silent gap. An actor
 * filter hides them, since ENS does not say who pushed.
 */
export function OutsidePushes({ appId, filters }: { appId: string; filters: HistoryFilters }) {
  const { data, error } = useOutsidePushes(appId, filters);
  if (filters.actor) return null;
  const problem = error?.message ?? data?.error?.message;
  if (!problem && (!data || data.pushes.length === 0)) return null;
  return (
    <section className="card" aria-labelledby="outside-title" data-testid="outside-pushes">
      <div className="card-pad">
        <h2 id="outside-title" className={styles.outsideTitle}>
          Made outside this dashboard
        </h2>
        <p className="muted">
          ENS reports these pushes of this application&rsquo;s files; no push recorded here matches them, so who sent
          them is unknown.
        </p>
        {problem ? (
          <p className="banner banner-warn" role="status">
            ENS could not be asked for pushes made elsewhere: {problem}
          </p>
        ) : null}
      </div>
      {data && data.pushes.length > 0 ? (
        <ul className={styles.outsideList}>
          {data.pushes.map((p) => (
            <li key={`${p.name}@${p.version}`} data-testid="outside-entry">
              <Link href={paths.version(appId, p.name, p.version)} className="mono">
                {p.name} @ {p.version}
              </Link>{' '}
              <span className="muted">started {p.startedAt || 'at an unknown time'} (ENS time)</span>
              <p className={styles.detail}>{regionSummary(p.regions)}</p>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** One line per push: how many regions, by pre-push state, and the failed ones by name with ENS's reason. */
function regionSummary(regions: readonly { regionId: string; status: string; statusDescrip: string }[]): string {
  const count = (status: string) => regions.filter((r) => r.status === status).length;
  const failed = regions.filter((r) => r.status === 'FAILED');
  const parts = [`${count('SUCCESS')} pushed`, `${count('PUSHING')} pushing`, `${failed.length} failed`];
  const reasons = failed.map((r) => `${r.regionId}${r.statusDescrip ? `: ${r.statusDescrip}` : ''}`).join('; ');
  return `${regions.length} region${regions.length === 1 ? '' : 's'}: ${parts.join(', ')}${reasons ? ` (${reasons})` : ''}.`;
}
