import Link from 'next/link';
import { connection } from 'next/server';
import { getConfig } from '@/lib/config';
import { paths } from '@/lib/paths';
import { SimulatorNotice } from './simulator-notice';
import styles from './app-header.module.css';

/** Top bar: product name, navigation, and the ENS mode, which is always visible. */
export async function AppHeader() {
  // The mode is a property of the running server, never of the build.
  await connection();
  const config = getConfig();
  return (
    <header className={styles.header}>
      <div className={styles.inner}>
        <Link href={paths.apps()} className={styles.brand}>
          <span className={styles.logo} aria-hidden="true" />
          <span className={styles.full}>ENS Rollout Dashboard</span>
          <span className={styles.short} aria-hidden="true">
            ENS Rollouts
          </span>
        </Link>
        <nav aria-label="Main" className={styles.nav}>
          <Link href={paths.apps()}>Applications</Link>
        </nav>
        <span className={styles.spacer} />
        {config.mode === 'simulator' ? (
          <span className={`badge badge-sim ${styles.mode}`} title="Requests go to the embedded ENS simulator, not Alibaba Cloud">
            Simulator
          </span>
        ) : (
          <span className={`badge badge-live ${styles.mode}`} title={`Requests go to ${config.ENS_ENDPOINT}`}>
            Live · {config.ENS_ENDPOINT}
          </span>
        )}
      </div>
      <SimulatorNotice />
    </header>
  );
}
