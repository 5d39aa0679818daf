import 'server-only';
import { getEnsClient } from '@/lib/ens/client';
import { listAppRegions, type AppRegion } from '@/lib/ens/inventory';
import type { AppSummary } from '@/lib/ens/schemas';
import { notFound } from '@/lib/server/http';
import { cachedRead } from './cache/reads';
import { freshnessOf, type Freshness } from './freshness';

// Applications change rarely; a page of them is cheap to keep for half a minute.
const APPS_TTL_MS = 30_000;

export async function listApps(): Promise<{ apps: AppSummary[] } & Freshness> {
  const read = await cachedRead('apps', 'all', async () => (await getEnsClient().listApplications()).apps, APPS_TTL_MS);
  return { apps: read.value, ...freshnessOf(read) };
}

/** The application, or a 404 the routes and pages turn into "not found". */
export async function getApp(appId: string): Promise<AppSummary> {
  const { apps } = await listApps();
  const app = apps.find((a) => a.appId === appId);
  if (!app) throw notFound(`There is no ENS application ${appId}.`);
  return app;
}

/** Regions of the application with instance counts; an unknown app is ENS's InvalidParameter.AppId (404). */
export async function getAppRegions(appId: string): Promise<{ regions: AppRegion[] }> {
  return { regions: await listAppRegions(getEnsClient(), appId) };
}
