import type { PushStatusResponse } from '@/lib/contracts/monitoring';
import { PUSH_STATUSES, type PushStatus } from '@/lib/ens/models';
import styles from './push-phase.module.css';

type PushRegion = PushStatusResponse['regions'][number];

const LABEL: Record<PushStatus, string> = { SUCCESS: 'pushed', PUSHING: 'pushing', FAILED: 'failed' };
const ORDER: Record<PushStatus, number> = { FAILED: 0, PUSHING: 1, SUCCESS: 2 };

/**
 * The pre-push phase: which regions' file servers hold the file. Before any
 * instance moves, this is the only sign of where the pipeline stands.
 */
export function PushPhase({
  regions,
  error,
  retryHref,
}: {
  regions: readonly PushRegion[] | undefined;
  error: Error | null;
  /** Where "Retry" leads for a failed region (the version page's actions pick it up). */
  retryHref?: ((regionId: string) => string) | undefined;
}) {
  if (!regions) {
    return (
      <p className="muted" style={{ margin: 0 }}>
        {error ? `Pre-push status unavailable: ${error.message}` : 'Loading pre-push status…'}
      </p>
    );
  }
  if (regions.length === 0) {
    return (
      <p className="muted" style={{ margin: 0 }}>
        No pre-push recorded for this version: it was distributed from file servers that already had it, or it has not
        been pushed yet.
      </p>
    );
  }
  const count = (s: PushStatus) => regions.filter((r) => r.status === s).length;
  const sorted = [...regions].sort((a, b) => ORDER[a.status] - ORDER[b.status] || a.regionId.localeCompare(b.regionId));
  // Healthy regions are the boring majority; list them only when there are few.
  const listed = sorted.filter((r) => r.status !== 'SUCCESS' || regions.length <= 12);
  return (
    <div>
      <div className={styles.phase}>
        <span className={styles.counts}>
          {PUSH_STATUSES.map((s) => (
            <span key={s}>
              <b>{count(s)}</b> {LABEL[s]}
            </span>
          ))}
          <span className="muted">of {regions.length} regions’ file servers</span>
        </span>
      </div>
      {listed.length > 0 ? (
        <ul className={styles.chips} aria-label="File servers by region">
          {listed.map((r) =>
            r.status === 'FAILED' ? (
              // The reason is on the chip itself, not in a tooltip, and its retry link is a tab stop.
              <li
                key={r.regionId}
                className={`${styles.chip} ${styles.FAILED}`}
                data-testid={`prepush-failed-${r.regionId}`}
              >
                {r.regionId} · failed{r.statusDescrip ? `: ${r.statusDescrip}` : ''}
                {retryHref ? (
                  <a href={retryHref(r.regionId)} aria-label={`Retry the pre-push to ${r.regionId}`}>
                    Retry
                  </a>
                ) : null}
              </li>
            ) : (
              <li
                key={r.regionId}
                className={`${styles.chip} ${styles[r.status] ?? ''}`}
                title={r.statusDescrip || LABEL[r.status]}
              >
                {r.regionId} · {LABEL[r.status]}
              </li>
            ),
          )}
        </ul>
      ) : null}
    </div>
  );
}
