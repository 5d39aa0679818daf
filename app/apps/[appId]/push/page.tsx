import type { Metadata } from 'next';
import Link from 'next/link';
import { PushForm } from './_components/push-form';
import styles from './page.module.css';

export const metadata: Metadata = { title: 'Push data files' };

export default async function PushPage(props: { params: Promise<{ appId: string }> }) {
  const { appId } = await props.params;
  return (
    <div className="page">
      <nav aria-label="Breadcrumb" className={styles.crumbs}>
        <Link href={`/apps/${encodeURIComponent(appId)}`}>← Back to the application</Link>
      </nav>
      <div className="page-head">
        <div>
          <h1>Push data files</h1>
          <p>
            Pre-push files to the file servers of the regions you choose, then distribute them to the instances. Application{' '}
            <code className={styles.appId}>{appId}</code>
          </p>
        </div>
      </div>
      <PushForm appId={appId} />
    </div>
  );
}
