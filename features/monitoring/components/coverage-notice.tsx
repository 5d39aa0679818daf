import type { CoverageModel } from '@/lib/contracts/monitoring';
import { prePushSentence } from '@/lib/domain/coverage';
import { formatCount } from '@/lib/domain/format';
import styles from './coverage-notice.module.css';

interface Props {
  coverage: CoverageModel;
  /**
   * Where "Retry pre-push" leads for a region (the version page's actions pick it up);
   * none while a staged rollout drives the version (resuming it pushes again).
   */
  retryHref?: ((regionId: string) => string) | undefined;
}

/**
 * What the instance rows cannot show, in words above the figures: the pre-push phase
 * still running ("Pre-pushing to 2 regions, 0 of 2 done") and the instances waiting
 * behind it, and each region blocked by a failed pre-push with ENS's reason and a
 * way to retry it. Plain text and links: readable and reachable by keyboard.
 */
export function CoverageNotice({ coverage, retryHref }: Props) {
  const sentence = prePushSentence(coverage.prePush);
  const blocked = coverage.held.filter((h) => h.state === 'blocked');
  if (!sentence && blocked.length === 0) return null;
  return (
    <div className={styles.notice} role="status" data-testid="coverage-notice">
      {sentence ? (
        <p className={styles.phase} data-testid="prepush-phase">
          <strong>{sentence}.</strong>{' '}
          {coverage.waiting > 0 ? `${formatCount(coverage.waiting)} instances are waiting behind it.` : null}
        </p>
      ) : null}
      {blocked.length > 0 ? (
        <ul className={styles.blocked} aria-label="Regions blocked by a failed pre-push">
          {blocked.map((h) => (
            <li key={h.regionId} data-testid={`blocked-${h.regionId}`}>
              <span>
                <strong className="mono">{h.regionId}</strong>: pre-push failed
                {h.reason ? (
                  <>
                    {' '}
                    (<span data-testid="blocked-reason">{h.reason}</span>)
                  </>
                ) : null}
                , {formatCount(h.instances)} instances blocked.
              </span>{' '}
              {retryHref ? (
                <a className="btn btn-sm" href={retryHref(h.regionId)}>
                  Retry pre-push to {h.regionId}
                </a>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
