import { impactOf } from '@/features/push/model/presets';
import type { RegionModel as AppRegion } from '@/lib/contracts/regions';
import styles from './strategy.module.css';

const fmt = (n: number) => n.toLocaleString('en');

/** How much of the fleet the strategy reaches, recomputed on every change. */
export function ImpactSummary({ regions, targeted }: { regions: AppRegion[]; targeted: string[] }) {
  const impact = impactOf(targeted, regions);
  const pct = impact.share * 100;
  const pctText = pct > 0 && pct < 0.1 ? '<0.1' : pct.toFixed(pct < 10 && pct !== 0 ? 1 : 0);
  const whole = impact.regions === impact.totalRegions && impact.totalRegions > 0;
  return (
    <div
      className={`${styles.impact} ${whole ? styles.impactAll : ''}`}
      role="status"
      aria-live="polite"
      data-testid="impact"
    >
      <div className={styles.impactText}>
        <strong>
          {fmt(impact.regions)} of {fmt(impact.totalRegions)} regions
        </strong>
        <span>
          {fmt(impact.instances)} of {fmt(impact.totalInstances)} instances ({pctText}%)
        </span>
      </div>
      <div className={styles.bar} aria-hidden="true">
        <span style={{ width: `${Math.min(100, pct)}%` }} />
      </div>
    </div>
  );
}
