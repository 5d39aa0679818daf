import Link from 'next/link';
import { getAttention, type AppAttention } from '@/lib/server/attention';
import type { AttentionCause } from '@/lib/domain/attention';
import { formatCount, formatTimestamp } from '@/lib/domain/format';
import { paths } from '@/lib/paths';
import styles from './apps.module.css';

const SHOWN = 12;

const CAUSE_LABEL: Record<AttentionCause, string> = {
  'failures-rising': 'Failures rising',
  stuck: 'Stuck',
  'prepush-failed': 'Pre-push failed',
  'deleted-since-done': 'Deleted since done',
};

function describe(item: AppAttention): string {
  const n = formatCount(item.count);
  const texts: Record<AttentionCause, string> = {
    'failures-rising': `${n} instance${item.count === 1 ? '' : 's'} failed in the last 15 min`,
    stuck: `${n} instance${item.count === 1 ? '' : 's'} stuck in flight far beyond the region’s usual time`,
    'prepush-failed': `pre-push failed in ${n} region${item.count === 1 ? '' : 's'} (${item.filter.region.slice(0, 3).join(', ')}${item.count > 3 ? ', …' : ''})`,
    'deleted-since-done': `${n} instance${item.count === 1 ? '' : 's'} deleted since it finished`,
  };
  return texts[item.cause];
}

function linkOf(item: AppAttention): string {
  const filters = new URLSearchParams();
  if (item.filter.status.length > 0) filters.set('status', item.filter.status.join(','));
  // A failed pre-push concerns file servers, not instances: the page opens on its pre-push panel.
  return (
    paths.version(item.appId, item.name, item.version, filters) + (item.cause === 'prepush-failed' ? '#prepush-h' : '')
  );
}

/** Across every application: what a person should look at now, each line opening the version filtered to the cause. */
export async function NeedsAttention() {
  const { items } = await getAttention();
  return (
    <section
      className={`card card-pad ${styles.attentionCard}`}
      aria-labelledby="attention-h"
      data-testid="needs-attention"
    >
      <h2 id="attention-h" className={styles.name}>
        Needs attention
      </h2>
      {items.length === 0 ? (
        <p className="muted" style={{ margin: '6px 0 0' }}>
          Nothing: no recent failures, stuck instances, failed pre-pushes or deletions after a finished rollout.
        </p>
      ) : (
        <ul className={styles.attention}>
          {items.slice(0, SHOWN).map((item) => (
            <li key={`${item.appId}\u0000${item.cause}\u0000${item.name}\u0000${item.version}`} data-cause={item.cause}>
              <span
                className={`badge ${item.cause === 'deleted-since-done' ? 'badge-neutral' : styles.causeBad} ${styles.cause}`}
              >
                {CAUSE_LABEL[item.cause]}
              </span>
              <Link href={linkOf(item)} className={styles.attentionLink} title={`${item.name} @ ${item.version}`}>
                {item.name} @ {item.version}
              </Link>
              <span className={styles.attentionText}>
                {describe(item)} ·{' '}
                <span className="muted">
                  {item.appName}
                  {item.at > 0 ? `, ${formatTimestamp(item.at)} UTC` : ''}
                </span>
              </span>
            </li>
          ))}
          {items.length > SHOWN ? <li className="muted">and {items.length - SHOWN} more</li> : null}
        </ul>
      )}
    </section>
  );
}
