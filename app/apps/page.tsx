import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { Suspense } from 'react';
import { loadApps, rankApps } from '@/lib/server/pages/monitoring';
import { describeUpstreamError } from '@/lib/server/http';
import { paths } from '@/lib/paths';
import { AppRollouts } from './_components/app-rollouts';
import { NeedsAttention } from './_components/needs-attention';
import styles from './_components/apps.module.css';
import { IfCan } from '@/features/auth/viewer-context';
import { WaitingForYou } from '@/features/rollouts/components/waiting-for-you';

export const metadata: Metadata = { title: 'Applications' };

/** Applications, each with its rollouts in flight; every card streams in as its data arrives. */
export default async function AppsPage() {
  await connection();
  const result = await loadApps().then(
    (apps) => ({ apps: rankApps(apps) }),
    (err: unknown) => ({ failure: describeUpstreamError(err) }),
  );
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>ENS applications</h1>
          <p>
            Rollouts in flight per ENS application; applications with versions failing over 5 % (or falling fast) first.
            Open one to see its data files, or push a new version.
          </p>
        </div>
      </div>
      {'failure' in result ? (
        <div className="banner banner-error" role="alert">
          <strong>ENS could not list the applications.</strong> <span>{result.failure.message}</span>
        </div>
      ) : result.apps.length === 0 ? (
        <div className="card card-pad">
          No applications in this account yet. Create one in the ENS console, then reload this page.
        </div>
      ) : (
        <>
          <WaitingForYou appNames={Object.fromEntries(result.apps.map((a) => [a.appId, a.name]))} />
          <Suspense
            // A placeholder named for what loads: a status, as a plain div may carry no name.
            fallback={
              <div className={`card ${styles.skeleton}`} role="status" aria-label="Loading what needs attention" />
            }
          >
            <NeedsAttention />
          </Suspense>
          <ul className={styles.grid} aria-label="Applications">
            {result.apps.map((app) => (
              <li key={app.appId} className={`card ${styles.card}`}>
                <div className={styles.head}>
                  <h2 className={styles.name}>
                    <Link href={paths.app(app.appId)}>{app.name}</Link>
                  </h2>
                  <code className={`${styles.id} truncate`} title={app.appId}>
                    {app.appId}
                  </code>
                </div>
                <div className={styles.body}>
                  <Suspense fallback={<div className={styles.skeleton} role="status" aria-label="Loading rollouts" />}>
                    <AppRollouts appId={app.appId} />
                  </Suspense>
                </div>
                <div className={styles.foot}>
                  <Link className="btn btn-sm" href={paths.app(app.appId)}>
                    All versions
                  </Link>
                  <IfCan role="operator">
                    <Link className="btn btn-sm" href={paths.push(app.appId)}>
                      Push
                    </Link>
                  </IfCan>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
