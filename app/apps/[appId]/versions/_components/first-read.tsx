import styles from './first-read.module.css';

/**
 * What the version page shows while it reads a large version from ENS for the first
 * time (later views are served from the watcher's sweeps at once).
 */
export function FirstRead({ total }: { total: number }) {
  return (
    <section className={`card card-pad ${styles.card}`} role="status" aria-live="polite">
      <h2>Reading {total.toLocaleString('en-US')} instances from ENS…</h2>
      <p className="muted">
        The first view of a version this large reads every instance row once, which takes a few seconds. From then on
        the dashboard keeps it up to date in the background, and this page opens at once.
      </p>
      <div className={styles.bars} aria-hidden="true">
        <span />
        <span />
        <span />
      </div>
    </section>
  );
}
