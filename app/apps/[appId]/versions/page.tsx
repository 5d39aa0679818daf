import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { CopyLinkButton } from '@/components/distribution/copy-link-button';
import { Breadcrumbs } from '@/components/ui/breadcrumbs';
import { loadApp, loadVersionPage } from '@/lib/distribution/page-data';
import { parseInstanceQuery, type RawSearchParams } from '@/lib/distribution/url-state';
import { VersionView } from './_components/version-view';
import styles from './page.module.css';

interface Props {
  params: Promise<{ appId: string }>;
  searchParams: Promise<RawSearchParams>;
}

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const query = parseInstanceQuery(await searchParams);
  return { title: query ? `${query.name} @ ${query.version}` : 'Version' };
}

/** The version detail, the status link people share: first view rendered with data, then live. */
export default async function VersionPage({ params, searchParams }: Props) {
  await connection();
  const { appId } = await params;
  const query = parseInstanceQuery(await searchParams);
  if (!query) notFound();
  const app = await loadApp(appId);
  if (!app) notFound();
  const data = await loadVersionPage(appId, query);
  if (!data) notFound();
  const appHref = `/apps/${encodeURIComponent(appId)}`;
  return (
    <div className="page">
      <Breadcrumbs items={[{ label: 'Applications', href: '/apps' }, { label: app.name, href: appHref }, { label: `${query.name} @ ${query.version}` }]} />
      <div className="page-head">
        <div className={styles.title}>
          <h1 title={query.name} className={styles.name}>{query.name}</h1>
          <p>Version <code className={styles.version} title={query.version}>{query.version}</code> on <code>{app.name}</code></p>
        </div>
        <CopyLinkButton />
      </div>
      <VersionView appId={appId} initialDetail={data.detail} initialInstances={{ query, data: data.instances }} />
    </div>
  );
}
