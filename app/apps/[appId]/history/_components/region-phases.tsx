import type { RegionPhase } from '@/lib/contracts/pushes';
import { DIST_STATE_META, prePushLabel } from '@/features/history/format';
import { RelativeTime } from './relative-time';
import { ToneBadge } from './push-state-cell';
import styles from './history.module.css';

/** Both phases of a push-and-distribute per region: ENS's pre-push, then the dashboard's distribution. */
export function RegionPhases({ regions }: { regions: readonly RegionPhase[] }) {
  if (regions.length === 0) {
    return <p className="muted">No region recorded yet: ENS has not answered the push, or it was sent nowhere.</p>;
  }
  return (
    <table className={`data ${styles.phases}`}>
      <caption className="sr-only">Pre-push and distribution by region</caption>
      <thead>
        <tr>
          <th scope="col">Region</th>
          <th scope="col">Pre-push</th>
          <th scope="col">Distribution</th>
          <th scope="col">Updated</th>
        </tr>
      </thead>
      <tbody>
        {regions.map((r) => {
          const pre = prePushLabel(r.pushStatus);
          const dist = DIST_STATE_META[r.distState];
          return (
            <tr key={r.regionId}>
              <td data-label="Region" className="mono">
                {r.regionId}
              </td>
              <td data-label="Pre-push">
                <ToneBadge tone={pre.tone}>{pre.label}</ToneBadge>
              </td>
              <td data-label="Distribution">
                <div>
                  <ToneBadge tone={dist.tone}>{dist.label}</ToneBadge>
                  {r.error ? <div className={styles.detail}>{r.error.message}</div> : null}
                  {r.distRequestId ? (
                    <div className={styles.detail}>
                      RequestId <code>{r.distRequestId}</code>
                    </div>
                  ) : null}
                </div>
              </td>
              <td data-label="Updated">
                <RelativeTime at={r.updatedAt} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
