import 'server-only';
import { prePushAttention, sortAttention, type AttentionItem } from '@/lib/domain/attention';
import { getEnsClient } from '@/lib/ens/client';
import { listApps } from '@/lib/server/apps';
import { getVersionSummaries, heldVersionRows } from '@/lib/server/versions';
import { cachedRead } from '@/lib/server/cache/reads';
import { heldAttention, scanExtras } from '@/lib/server/scan-extras';

export interface AppAttention extends AttentionItem {
  appId: string;
  appName: string;
}

/** One page of pre-push results per application holds every region of its recent pushes. */
const PUSH_PAGE = 1_000;
const PUSH_TTL_MS = 30_000;

async function failedPrePush(appId: string): Promise<AttentionItem[]> {
  const read = await cachedRead(
    'app-push-results',
    appId,
    async () => (await getEnsClient().describeDataPushResult({ appId, pageNumber: 1, pageSize: PUSH_PAGE })).rows,
    PUSH_TTL_MS,
  );
  return prePushAttention(read.value, Date.now());
}

/**
 * What needs attention across every application, most urgent first. The instance
 * causes come from the rows already read: the overview's scan when it read every row,
 * else the versions this process has read (watched or viewed), so no read of their
 * own; the pre-push ones from one pre-push page per application. An
 * application that cannot be read is skipped here; its card reports the error.
 */
export async function getAttention(): Promise<{ items: AppAttention[] }> {
  const { apps } = await listApps();
  const perApp = await Promise.all(
    apps.map(async (app) => {
      try {
        const [summaries, prePush] = await Promise.all([getVersionSummaries(app.appId), failedPrePush(app.appId)]);
        const now = Date.now();
        // From the scan when it read every row; else from each version's rows this process holds.
        const instance =
          scanExtras(app.appId)?.attention ??
          summaries.items.flatMap((v) => {
            const held = heldVersionRows(app.appId, v.name, v.version);
            return held ? heldAttention(held.rows, now) : [];
          });
        return sortAttention([...instance, ...prePush]).map((item) => ({
          ...item,
          appId: app.appId,
          appName: app.name,
        }));
      } catch {
        return [];
      }
    }),
  );
  return { items: sortAttention(perApp.flat()) as AppAttention[] };
}
