import type { Metadata } from 'next';
import { connection } from 'next/server';
import { TokenManager } from '@/features/tokens/token-manager';
import { hasRole } from '@/lib/domain/roles';
import { loadApps } from '@/lib/server/pages/monitoring';
import { getPageIdentity } from '@/lib/server/auth/page-identity';
import { listTokens } from '@/lib/server/auth/tokens';

export const metadata: Metadata = { title: 'API tokens' };

/** Admins create and revoke the tokens CI pipelines push with. */
export default async function TokensPage() {
  await connection();
  const identity = await getPageIdentity();
  if (!hasRole(identity.roles, 'admin')) {
    return (
      <div className="page">
        <h1>API tokens</h1>
        <div className="banner banner-error" role="alert">
          Managing API tokens needs the admin role.
        </div>
      </div>
    );
  }
  const { tokens, apps, now } = await loadTokensPage();
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>API tokens</h1>
          <p>
            For automation: a CI pipeline sends <code>Authorization: Bearer ens_…</code>. A token acts with its role,
            only on its application if it has one, until it expires or is revoked. Its value is shown once, when it is
            created; the dashboard keeps only a hash.
          </p>
        </div>
      </div>
      <TokenManager initial={tokens} apps={apps.map((a) => ({ appId: a.appId, name: a.name }))} now={now} />
    </div>
  );
}

async function loadTokensPage() {
  const [tokens, apps] = await Promise.all([listTokens(), loadApps().catch(() => [])]);
  return { tokens, apps, now: Date.now() };
}
