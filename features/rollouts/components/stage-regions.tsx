'use client';

import { useId } from 'react';
import { RegionSearch, useRegionChecklist } from '@/features/push/components/region-checklist';
import { matchesRegion } from '@/features/push/model/region-groups';
import type { RegionRate } from '@/features/rollouts/model/region-rates';
import type { RegionModel } from '@/lib/contracts/regions';
import { formatPercent } from '@/lib/domain/format';
import styles from './plan.module.css';

interface Props {
  stageLabel: string;
  regions: RegionModel[];
  /** Regions earlier stages already cover: shown included, not editable here. */
  earlier: ReadonlySet<string>;
  added: string[];
  onChange: (added: string[]) => void;
  rates: Map<string, RegionRate>;
  error: string | undefined;
  errorId: string;
}

/** A rate under this is flagged: a canary may include such a region, but on purpose. */
const LOW_RATE = 0.95;

/** The regions a stage adds, each with its instances and its recent success rate for this application. */
export function StageRegions({ stageLabel, regions, earlier, added, onChange, rates, error, errorId }: Props) {
  const id = useId();
  const { query, setQuery, chosen, toggle } = useRegionChecklist(regions, added, onChange);
  const shown = regions.filter((r) => matchesRegion(r, query));
  return (
    <fieldset className={styles.regions} aria-describedby={error ? errorId : undefined}>
      <legend>Regions {stageLabel} adds</legend>
      <div className={styles.toolbar}>
        <RegionSearch id={`${id}-q`} label={stageLabel} query={query} onQuery={setQuery} />
        <span className="muted" aria-live="polite">
          {added.length} added{earlier.size > 0 ? ` · ${earlier.size} from earlier stages` : ''}
        </span>
      </div>
      <ul className={styles.regionList}>
        {shown.map((region) => {
          const before = earlier.has(region.regionId);
          const rate = rates.get(region.regionId);
          const low = rate?.rate !== null && rate?.rate !== undefined && rate.rate < LOW_RATE;
          return (
            <li key={region.regionId}>
              <label className={styles.region}>
                <input
                  type="checkbox"
                  checked={before || chosen.has(region.regionId)}
                  disabled={before}
                  data-section-error={error ? 'true' : undefined}
                  onChange={(e) => toggle([region.regionId], e.target.checked)}
                />
                <span className={`mono ${styles.regionId}`}>{region.regionId}</span>
                <span className={styles.regionMeta}>
                  {region.instanceCount.toLocaleString('en')}
                  <span className="sr-only"> instances</span>
                  {' · '}
                  <span
                    className={low ? styles.rateLow : undefined}
                    title={
                      rate
                        ? `${rate.succeeded} succeeded, ${rate.failed} failed over the ${rate.versions} most recent version(s) that reached it`
                        : 'No recent distribution of this application finished here'
                    }
                  >
                    {rate?.rate !== null && rate?.rate !== undefined ? formatPercent(rate.rate) : '—'}
                    <span className="sr-only"> recent success</span>
                  </span>
                  {before ? <span className="sr-only"> (in an earlier stage)</span> : null}
                </span>
              </label>
            </li>
          );
        })}
      </ul>
      {shown.length === 0 ? <p className="muted">No region matches the search.</p> : null}
    </fieldset>
  );
}
