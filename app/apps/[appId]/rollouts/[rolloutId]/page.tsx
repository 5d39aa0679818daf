import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { CopyRolloutLink } from '@/features/rollouts/components/copy-rollout-link';
import { RolloutView } from '@/features/rollouts/components/rollout-view';
import { AppBreadcrumbs } from '@/components/ui/breadcrumbs';
import { Hydrate, seed } from '@/lib/client/hydrate';
import { rolloutKeys } from '@/lib/client/query-keys';
import { paths } from '@/lib/paths';
import { loadApp } from '@/lib/server/pages/monitoring';
import { loadRolloutPage } from '@/lib/server/pages/rollouts';
import { orUnavailable } from '@/lib/server/ens-unavailable';
import { getConfig } from '@/lib/config';

interface Props {
  params: Promise<{ appId: string; rolloutId: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { appId, rolloutId } = await params;
  const view = (await loadRolloutPage(appId, rolloutId).catch(() => null))?.view;
  if (!view) return { title: 'Rollout' };
  const files = view.data.map((d) => `${d.name} @ ${d.version}`).join(', ');
  const title = `Rollout of ${files}`;
  const stage = view.currentStage === null ? undefined : view.stages[view.currentStage];
  const description = `Staged rollout, ${view.state}${stage ? `, at stage ${view.currentStage! + 1} of ${view.stages.length} (${stage.name}, ${stage.state})` : ''}${view.stopReason ? `: ${view.stopReason}` : ''}.`;
  return {
    title,
    description,
    openGraph: { title, description, type: 'website' },
    twitter: { card: 'summary', title, description },
  };
}

/** A staged rollout's status link: the first view rendered with data, then polled. */
export default async function RolloutPage({ params }: Props) {
  await connection();
  const { appId, rolloutId } = await params;
  const here = paths.rollout(appId, rolloutId);
  const app = await orUnavailable(loadApp(appId), here);
  if (!app) notFound();
  const loaded = await loadRolloutPage(appId, rolloutId);
  if (!loaded) notFound();
  const { view, readAt } = loaded;
  const files = view.data.map((d) => `${d.name} @ ${d.version}`).join(', ');
  return (
    <div className="page">
      <AppBreadcrumbs appId={appId} appName={app.name} here={`Rollout ${rolloutId}`} />
      <div className="page-head">
        <div>
          <h1>Staged rollout of {files}</h1>
          <p>
            {view.stages.length} stages on <code>{app.name}</code>. Rollout <code>{rolloutId}</code>.
          </p>
        </div>
        <CopyRolloutLink />
      </div>
      <Hydrate seeds={[seed(rolloutKeys.one(appId, rolloutId), view, readAt)]}>
        <RolloutView
          appId={appId}
          rolloutId={rolloutId}
          // Without authentication everyone is the same person: four eyes cannot apply.
          selfApproval={getConfig().AUTH_MODE === 'none' || getConfig().ALLOW_SELF_APPROVAL}
        />
      </Hydrate>
    </div>
  );
}
