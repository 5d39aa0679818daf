import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { AppBreadcrumbs } from '@/components/ui/breadcrumbs';
import { loadApp } from '@/lib/server/pages/monitoring';
import { orUnavailable } from '@/lib/server/ens-unavailable';
import type { RawSearchParams } from '@/lib/contracts/url-state';
import { parseHistoryFilters } from '@/lib/contracts/history-filters';
import { loadPushHistory } from '@/lib/server/pages/history';
import { Hydrate, seedFirstPage } from '@/lib/client/hydrate';
import { pushKeys } from '@/lib/client/query-keys';
import { paths } from '@/lib/paths';
import { HistoryView } from './_components/history-view';
import { IfCan } from '@/features/auth/viewer-context';

interface Props {
  params: Promise<{ appId: string }>;
  searchParams: Promise<RawSearchParams>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { appId } = await params;
  const app = await loadApp(appId).catch(() => null);
  return { title: app ? `${app.name} · push history` : 'Push history' };
}

/** The push audit log: who pushed what, when, where, and what ENS answered. Rendered with data, then live. */
export default async function PushHistoryPage({ params, searchParams }: Props) {
  await connection();
  const { appId } = await params;
  const app = await orUnavailable(loadApp(appId), paths.history(appId));
  if (!app) notFound();
  const filters = parseHistoryFilters(await searchParams);
  const { page, fetchedAt } = await loadPushHistory(appId, filters);
  return (
    <div className="page">
      <AppBreadcrumbs appId={appId} appName={app.name} here={'Push history'} />
      <div className="page-head">
        <div>
          <h1>Push history</h1>
          <p>
            Who pushed what to <code>{app.name}</code>, when, to which regions, and what ENS answered. Newest first.
          </p>
        </div>
        <IfCan role="operator">
          <Link className="btn" href={paths.push(appId)}>
            Push a data file
          </Link>
        </IfCan>
      </div>
      {/* Seeded with the time it was read: the browser's first render prints the server's time (React #418). */}
      <Hydrate seeds={[seedFirstPage(pushKeys.historyList(appId, filters), page, fetchedAt)]}>
        <HistoryView appId={appId} />
      </Hydrate>
    </div>
  );
}
