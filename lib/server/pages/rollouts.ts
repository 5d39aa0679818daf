import 'server-only';
import { isHttpError } from '@/lib/server/http';
import { getRollout } from '@/lib/server/rollouts/service';
import { rolloutViewSchema, type RolloutView } from '@/lib/contracts/rollouts';

/** The rollout page's first read, through the API's own service; null when there is no such rollout. */
export async function loadRolloutPage(
  appId: string,
  rolloutId: string,
): Promise<{ view: RolloutView; readAt: number } | null> {
  try {
    // Parsed with the browser's schema, so the first paint and every poll have one shape.
    const view = rolloutViewSchema.parse(await getRollout(appId, rolloutId));
    return { view, readAt: Date.now() };
  } catch (err) {
    if (isHttpError(err) && err.status === 404) return null;
    throw err;
  }
}
