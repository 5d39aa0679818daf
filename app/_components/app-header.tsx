import Link from 'next/link';
import { connection } from 'next/server';
import { getConfig } from '@/lib/config';
import { hasRole } from '@/lib/domain/roles';
import { getPageIdentity } from '@/lib/server/auth/page-identity';
import { paths } from '@/lib/paths';
import { SimulatorNotice } from './simulator-notice';
import styles from './app-header.module.css';

/** Top bar: product name, navigation, and the ENS mode, which is always visible. */
export async function AppHeader() {
  // The mode is a property of the running server, never of the build.
  await connection();
  const config = getConfig();
  const identity = await getPageIdentity();
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
          {hasRole(identity.roles, 'admin') ? <Link href="/settings/tokens">API tokens</Link> : null}
        </nav>
        <span className={styles.spacer} />
        {config.AUTH_MODE === 'none' ? (
          <span
            className="badge badge-live"
            data-testid="auth-badge"
            title="AUTH_MODE=none: anyone who can reach this server is an admin"
          >
            Authentication off
          </span>
        ) : (
          <span className={styles.who} data-testid="auth-badge" title={`Roles: ${identity.roles.join(', ') || 'none'}`}>
            {identity.name} · {identity.roles.at(-1) ?? 'signed out'}
          </span>
        )}
        {identity.via === 'oidc' ? (
          <form method="post" action="/api/auth/sign-out">
            <button type="submit" className="btn btn-sm">
              Sign out
            </button>
          </form>
        ) : null}
        {config.mode === 'simulator' ? (
          <span
            className={`badge badge-sim ${styles.mode}`}
            title="Requests go to the embedded ENS simulator, not Alibaba Cloud"
          >
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
