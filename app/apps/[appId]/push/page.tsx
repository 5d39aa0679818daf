import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { AppBreadcrumbs } from '@/components/ui/breadcrumbs';
import { getConfig } from '@/lib/config';
import { loadApp } from '@/lib/server/pages/monitoring';
import { orUnavailable } from '@/lib/server/ens-unavailable';
import { hasRole } from '@/lib/domain/roles';
import { getPageIdentity } from '@/lib/server/auth/page-identity';
import { PushForm } from './_components/push-form';
import styles from './page.module.css';
import { paths } from '@/lib/paths';

interface Props {
  params: Promise<{ appId: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { appId } = await params;
  const app = await loadApp(appId).catch(() => null);
  return { title: app ? `Push · ${app.name}` : 'Push data files' };
}

/** The push page: the application is resolved here, so an unknown id is a 404, not a form. */
export default async function PushPage({ params }: Props) {
  await connection();
  const { appId } = await params;
  const app = await orUnavailable(loadApp(appId), paths.push(appId));
  if (!app) notFound();
  return (
    <div className="page">
      <AppBreadcrumbs appId={appId} appName={app.name} here={'Push'} />
      <div className="page-head">
        <div>
          <h1>Push data files to {app.name}</h1>
          <p>
            Pre-push files to the file servers of the regions you choose, then distribute them to the instances.
            Application <code className={styles.appId}>{app.appId}</code>
          </p>
        </div>
      </div>
      {hasRole((await getPageIdentity()).roles, 'operator') ? (
        <PushForm appId={appId} appName={app.name} allowInternalUrls={getConfig().ALLOW_INTERNAL_FILE_URLS} />
      ) : (
        <div className="banner banner-error" role="alert">
          Pushing needs the operator role. Ask an administrator of the dashboard for it.
        </div>
      )}
    </div>
  );
}
