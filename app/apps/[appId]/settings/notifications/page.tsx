import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { AppBreadcrumbs } from '@/components/ui/breadcrumbs';
import { ChannelManager } from '@/features/notifications/channel-manager';
import { SUBSCRIBABLE_EVENTS } from '@/lib/contracts/notifications';
import { hasRole } from '@/lib/domain/roles';
import { NOTIFICATION_EVENTS } from '@/lib/domain/notifications';
import { getPageIdentity } from '@/lib/server/auth/page-identity';
import { orUnavailable } from '@/lib/server/ens-unavailable';
import { listChannels } from '@/lib/server/notifications/service';
import { loadApp } from '@/lib/server/pages/monitoring';
import { paths } from '@/lib/paths';

export const metadata: Metadata = { title: 'Notifications' };

interface Props {
  params: Promise<{ appId: string }>;
}

/** Admins: where this application's rollout and push events are sent, and how each delivery went. */
export default async function NotificationSettingsPage({ params }: Props) {
  await connection();
  const { appId } = await params;
  const identity = await getPageIdentity();
  const here = paths.notificationSettings(appId);
  if (!hasRole(identity.roles, 'admin')) {
    return (
      <div className="page">
        <h1>Notifications</h1>
        <div className="banner banner-error" role="alert">
          Managing notification channels needs the admin role.
        </div>
      </div>
    );
  }
  const app = await orUnavailable(loadApp(appId), here);
  if (!app) notFound();
  const { channels } = await listChannels(appId);
  const events = SUBSCRIBABLE_EVENTS.map((type) => ({ type, ...NOTIFICATION_EVENTS[type] }));
  return (
    <div className="page">
      <AppBreadcrumbs appId={appId} appName={app.name} here={'Notifications'} />
      <div className="page-head">
        <div>
          <h1>Notifications</h1>
          <p>
            Chat and webhook channels for <code>{app.appId}</code>: each gets the events it chose, with the numbers and
            the status link of the moment they happened. A URL and a secret are stored encrypted and never shown again.
          </p>
        </div>
      </div>
      <ChannelManager appId={appId} initial={channels} events={events} />
    </div>
  );
}
