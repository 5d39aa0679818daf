import Link from 'next/link';
import { paths } from '@/lib/paths';
import styles from './breadcrumbs.module.css';

/** Where this page sits: Applications / app / file. The last crumb is the current page. */
export function Breadcrumbs({ items }: { items: { label: string; href?: string }[] }) {
  return (
    <nav aria-label="Breadcrumb" className={styles.crumbs}>
      <ol>
        {items.map((item, i) => (
          <li key={`${i}-${item.label}`} title={item.label}>
            {item.href && i < items.length - 1 ? (
              <Link href={item.href}>{item.label}</Link>
            ) : (
              <span aria-current="page">{item.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** The trail of a page inside an application: Applications / app / `here`. */
export function AppBreadcrumbs({ appId, appName, here }: { appId: string; appName: string; here: string }) {
  return (
    <Breadcrumbs
      items={[
        { label: 'Applications', href: paths.apps() },
        { label: appName, href: paths.app(appId) },
        { label: here },
      ]}
    />
  );
}
