import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { headers } from 'next/headers';
import { Suspense } from 'react';
import { CopyLinkButton } from '@/features/monitoring/components/copy-link-button';
import { AppBreadcrumbs } from '@/components/ui/breadcrumbs';
import { Hydrate, seed } from '@/lib/client/hydrate';
import { monitoringKeys } from '@/lib/client/query-keys';
import { paths } from '@/lib/paths';
import {
  countVersion,
  hasVersionRows,
  loadApp,
  loadVersionPage,
  type VersionPageData,
} from '@/lib/server/pages/monitoring';
import { orUnavailable } from '@/lib/server/ens-unavailable';
import { signedImagePath } from '@/lib/server/auth/signed-url';
import { getConfig } from '@/lib/config';
import type { InstanceQuery } from '@/lib/contracts/instance-params';
import { parseInstanceQuery, type RawSearchParams } from '@/lib/contracts/url-state';
import { FirstRead } from './_components/first-read';
import { VersionView } from './_components/version-view';
import styles from './page.module.css';

interface Props {
  params: Promise<{ appId: string }>;
  searchParams: Promise<RawSearchParams>;
}

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const { appId } = await params;
  const query = parseInstanceQuery(await searchParams);
  if (!query) return { title: 'Version' };
  const title = `${query.name} @ ${query.version}`;
  // Chat apps need absolute URLs: PUBLIC_URL, else whatever host the viewer used. The
  // image is signed: the chat app's crawler fetches it without anyone's session.
  const origin = getConfig().PUBLIC_URL ?? (await requestOrigin());
  const image = {
    url: new URL(signedImagePath({ image: 'status.png', appId, name: query.name, version: query.version }), origin)
      .href,
    width: 1200,
    height: 630,
    alt: `Rollout status of ${title}`,
  };
  const description = `Rollout of ${query.name} version ${query.version}: success, failures, instances in flight and regions, live.`;
  return {
    title,
    description,
    openGraph: { title, description, type: 'website', images: [image] },
    twitter: { card: 'summary_large_image', title, description, images: [image] },
  };
}

async function requestOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get('x-forwarded-host') ?? h.get('host') ?? 'localhost';
  const proto = h.get('x-forwarded-proto') ?? 'http';
  return `${proto}://${host}`;
}

/** How long the first paint waits for the data before it streams the page around it. */
const FIRST_PAINT_WAIT_MS = 250;
/** A version this large is never read on the first paint's time: it streams at once. */
const STREAM_AT_ROWS = 20_000;

/**
 * The version detail, the status link people share: first view rendered with data,
 * then live. A version the dashboard has not read yet and that takes long to read (a
 * large fleet) is streamed: the page and a notice paint at once, the data follows.
 */
export default async function VersionPage({ params, searchParams }: Props) {
  await connection();
  const { appId } = await params;
  const query = parseInstanceQuery(await searchParams);
  if (!query) notFound();
  const here = paths.version(appId, query.name, query.version);
  const app = await orUnavailable(loadApp(appId), here);
  if (!app) notFound();
  // A version this process never read is counted first, with one single-row read: that
  // decides the 404 before anything streams, and a large one streams without waiting.
  let total: number | undefined;
  if (!hasVersionRows(appId, query.name, query.version)) {
    const counted = await orUnavailable(countVersion(appId, query.name, query.version), here);
    if (counted === null) notFound();
    total = counted;
  }
  // ENS failing while the page reads sends the reader to the "ENS unavailable" page, never a 500.
  const pending = orUnavailable(loadVersionPage(appId, query), here);
  // Awaited below when the page streams; until then a failure must not go unhandled.
  pending.catch(() => undefined);
  const wait = new Promise<'slow'>((resolve) => setTimeout(resolve, FIRST_PAINT_WAIT_MS, 'slow'));
  const quick = total !== undefined && total > STREAM_AT_ROWS ? 'slow' : await Promise.race([pending, wait]);
  if (quick === null) notFound();
  let body;
  if (quick !== 'slow') body = <HydratedView appId={appId} query={query} data={quick} />;
  else {
    const counted = total ?? (await orUnavailable(countVersion(appId, query.name, query.version), here));
    if (counted === null) notFound();
    body = (
      <Suspense fallback={<FirstRead total={counted} />}>
        <StreamedView appId={appId} query={query} pending={pending} />
      </Suspense>
    );
  }
  return (
    <div className="page">
      <AppBreadcrumbs appId={appId} appName={app.name} here={`${query.name} @ ${query.version}`} />
      <div className="page-head">
        <div className={styles.title}>
          <h1 title={query.name} className={styles.name}>
            {query.name}
          </h1>
          <p>
            Version{' '}
            <code className={styles.version} title={query.version}>
              {query.version}
            </code>{' '}
            on <code>{app.name}</code>
          </p>
        </div>
        <CopyLinkButton
          badgePath={signedImagePath({ image: 'badge.svg', appId, name: query.name, version: query.version })}
        />
      </div>
      {body}
    </div>
  );
}

async function StreamedView({
  appId,
  query,
  pending,
}: {
  appId: string;
  query: InstanceQuery;
  pending: Promise<VersionPageData | null>;
}) {
  const data = await pending;
  if (!data) notFound();
  return <HydratedView appId={appId} query={query} data={data} />;
}

/**
 * The first view's data goes into the browser's query cache, under the keys its hooks
 * read, as of when it was assembled: the freshest this server had (its last sweep), so
 * asking again on mount would fetch the same sweep, and a large version's page would
 * redraw its charts and table right when people start clicking. The polls go on at
 * their interval.
 */
function HydratedView({ appId, query, data }: { appId: string; query: InstanceQuery; data: VersionPageData }) {
  const seeds = [
    seed(monitoringKeys.detail(appId, query.name, query.version), data.detail, data.loadedAt),
    seed(monitoringKeys.instances(appId, query), data.instances, data.loadedAt),
    seed(monitoringKeys.pushStatus(appId, query.name, query.version), data.push.regions, data.loadedAt),
    seed(monitoringKeys.history(appId, query.name, query.version), data.history, data.loadedAt),
  ];
  return (
    <Hydrate seeds={seeds}>
      <VersionView
        appId={appId}
        initialQuery={query}
        selfApproval={getConfig().AUTH_MODE === 'none' || getConfig().ALLOW_SELF_APPROVAL}
      />
    </Hydrate>
  );
}
