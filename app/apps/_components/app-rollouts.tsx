import { describeUpstreamError } from '@/lib/server/http';
import { loadOverview } from '@/lib/server/pages/monitoring';
import { Hydrate, seed } from '@/lib/client/hydrate';
import { monitoringKeys } from '@/lib/client/query-keys';
import { AppRolloutsLive } from './app-rollouts-live';

/** Server half of an application card: first view with data, then the client polls. */
export async function AppRollouts({ appId }: { appId: string }) {
  const initial = await loadOverview(appId).catch((err: unknown) => ({ failure: describeUpstreamError(err) }));
  if ('failure' in initial) {
    return (
      <p className="banner banner-error" style={{ margin: 0 }}>
        Rollouts unavailable: {initial.failure.message}
      </p>
    );
  }
  return (
    <Hydrate seeds={[seed(monitoringKeys.summaries(appId), initial, initial.fetchedAt)]}>
      <AppRolloutsLive appId={appId} />
    </Hydrate>
  );
}
