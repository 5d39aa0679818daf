import Link from 'next/link';
import { connection } from 'next/server';
import { getConfig } from '@/lib/config';
import { describeUpstreamError } from '@/lib/http';
import { listApps } from '@/lib/services/apps';
import styles from './home.module.css';
import { IfCan } from '@/features/auth/viewer-context';

export default async function HomePage() {
  await connection();
  const config = getConfig();
  const result = await listApps().catch((err: unknown) => ({ failure: describeUpstreamError(err) }));

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>ENS applications</h1>
          <p>Pick an application to see its data files and rollouts, or push a new version.</p>
        </div>
      </div>

      {config.mode === 'simulator' ? (
        <div className="banner banner-info" role="note">
          <strong>Simulator mode.</strong>
          <span>
            The dashboard talks to an embedded ENS simulator with a seeded fleet, not Alibaba Cloud. Set{' '}
            <code>ENS_MODE=live</code> and credentials to work with a real account.
          </span>
        </div>
      ) : null}

      {'failure' in result ? (
        <div className="banner banner-error" role="alert">
          <strong>ENS could not list the applications.</strong> <span>{result.failure.message}</span>
        </div>
      ) : result.apps.length === 0 ? (
        <div className="card card-pad">No applications in this account yet. Create one in the ENS console, then reload.</div>
      ) : (
        <ul className={styles.grid} aria-label="Applications">
          {result.apps.map((app) => (
            <li key={app.appId} className={`card ${styles.app}`}>
              <Link href={`/apps/${encodeURIComponent(app.appId)}`} className={styles.appLink}>
                <span className={styles.name}>{app.name}</span>
                <span className={styles.meta}>
                  {app.clusterName ? <span className="badge badge-neutral">{app.clusterName}</span> : null}
                  {app.phase ? <span className="muted">{app.phase.toLowerCase()}</span> : null}
                </span>
                <code className={`${styles.id} truncate`} title={app.appId}>
                  {app.appId}
                </code>
              </Link>
              <div className={styles.actions}>
                <Link className="btn btn-sm" href={`/apps/${encodeURIComponent(app.appId)}`}>
                  Rollouts
                </Link>
                <IfCan role="operator"><Link className="btn btn-sm" href={`/apps/${encodeURIComponent(app.appId)}/push`}>
                  Push data
                </Link></IfCan>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
