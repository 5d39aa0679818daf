import 'server-only';
import { getEnsClient } from '@/lib/ens/client';
import { isEnsError } from '@/lib/ens/errors';
import { cachedRead } from '@/lib/server/cache/reads';

const PUSHED_ONLY = 'pushed-only';

interface Summary {
  name: string;
  version: string;
}

const ZERO = { SUCCESS: 0, FAILED: 0, DISTING: 0, POD_RESTARTING: 0, DELETED: 0 };

/**
 * Adds to the overview the versions that were pushed (ENS reports their pre-push) but
 * are on no instance yet: a "Push only" is not a dead end, its version is listed and
 * its page offers to distribute it. ENS failing here leaves the overview as it was.
 */
export async function withPushedOnly<T extends { items: Summary[] }>(appId: string, overview: T): Promise<T> {
  let rows;
  try {
    rows = (
      await cachedRead(PUSHED_ONLY, appId, async () => (await getEnsClient().describeDataPushResult({ appId })).rows)
    ).value;
  } catch (err) {
    if (isEnsError(err)) return overview;
    throw err;
  }
  const listed = new Set(overview.items.map((i) => JSON.stringify([i.name, i.version])));
  const added = new Map<string, T['items'][number]>();
  for (const r of rows) {
    const key = JSON.stringify([r.name, r.version]);
    if (listed.has(key) || added.has(key)) continue;
    added.set(key, {
      name: r.name,
      version: r.version,
      total: 0,
      counts: ZERO,
      inFlight: 0,
      successRate: null,
      state: 'no-instances',
      updatedAt: null,
    } as T['items'][number]);
  }
  return added.size === 0 ? overview : { ...overview, items: [...overview.items, ...added.values()] };
}
