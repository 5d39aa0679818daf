import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { loadApp, loadOverview } from '@/lib/server/pages/monitoring';
import { orUnavailable } from '@/lib/server/ens-unavailable';
import { Hydrate, seed } from '@/lib/client/hydrate';
import { monitoringKeys } from '@/lib/client/query-keys';
import { paths } from '@/lib/paths';
import { OverviewLive } from './_components/overview-live';
import { IfCan } from '@/features/auth/viewer-context';
import { WaitingForYou } from '@/features/rollouts/components/waiting-for-you';

interface Props {
  params: Promise<{ appId: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { appId } = await params;
  const app = await loadApp(appId).catch(() => null);
  return { title: app ? `${app.name} · rollouts` : 'Application' };
}

/** Application overview: every data file × version with its live status bar. */
export default async function AppOverviewPage({ params }: Props) {
  await connection();
  const { appId } = await params;
  const here = paths.app(appId);
  const app = await orUnavailable(loadApp(appId), here);
  if (!app) notFound();
  const initial = await orUnavailable(loadOverview(appId), here);
  return (
    <div className="page">
      <Breadcrumbs items={[{ label: 'Applications', href: paths.apps() }, { label: app.name }]} />
      <div className="page-head">
        <div>
          <h1>{app.name}</h1>
          <p>
            Every data file version distributed to <code>{app.appId}</code>. Open one to see where it is failing and on
            which instances.
          </p>
        </div>
        <div className="row">
          <Link className="btn" href={paths.history(appId)}>
            History
          </Link>
          <IfCan role="admin">
            <Link className="btn" href={paths.notificationSettings(appId)}>
              Notifications
            </Link>
          </IfCan>
          <IfCan role="operator">
            <Link className="btn" href={paths.push(appId)}>
              Push a data file
            </Link>
          </IfCan>
        </div>
      </div>
      <WaitingForYou appId={appId} appNames={{ [appId]: app.name }} />
      <Hydrate seeds={[seed(monitoringKeys.summaries(appId), initial, initial.fetchedAt)]}>
        <OverviewLive appId={appId} />
      </Hydrate>
    </div>
  );
}
