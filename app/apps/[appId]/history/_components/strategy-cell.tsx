import type { StrategyPolicyModel } from '@/lib/contracts/pushes';
import { summarizeStrategy } from '@/features/history/format';
import styles from './history.module.css';

/** "All regions", or "In: 3 regions" that opens onto the list (hover shows it too). */
export function StrategyCell({ strategy }: { strategy: StrategyPolicyModel[] | null }) {
  const summary = summarizeStrategy(strategy);
  if (summary.regions.length <= 1) return <span>{summary.text}</span>;
  return (
    <details className={styles.where}>
      <summary title={summary.regions.join(', ')}>{summary.text}</summary>
      <ul>
        {summary.regions.map((r) => (
          <li key={r} className="mono">
            {r}
          </li>
        ))}
      </ul>
    </details>
  );
}
