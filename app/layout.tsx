import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { ViewerProvider } from '@/features/auth/viewer-context';
import { getPageIdentity } from '@/lib/server/auth/page-identity';
import { AppHeader } from './_components/app-header';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'ENS Rollout Dashboard', template: '%s · ENS Rollout Dashboard' },
  description: 'Push data files to Alibaba Cloud ENS edge instances and watch the rollout.',
  icons: { icon: '/favicon.svg' },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const identity = await getPageIdentity();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <AppHeader />
        <ViewerProvider viewer={{ name: identity.name, roles: identity.roles }}>
          <Providers>
            <main id="main">{children}</main>
          </Providers>
        </ViewerProvider>
      </body>
    </html>
  );
}
