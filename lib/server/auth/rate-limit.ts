import 'server-only';
import { getConfig } from '@/lib/config';
import { HttpError } from '@/lib/server/http';

/**
 * A sliding one-minute window of writes per actor, in this process's memory: it
 * bounds what one runaway script or stolen token can send to the fleet. Each replica
 * counts on its own; the limit is per replica.
 */
const WINDOW_MS = 60_000;
const holder = globalThis as typeof globalThis & { __ensWriteTimes?: Map<string, number[]> };

export function consumeWriteQuota(actor: string, now = Date.now()): void {
  const limit = getConfig().PUSH_RATE_LIMIT_PER_MINUTE;
  if (limit === 0) return;
  const times = (holder.__ensWriteTimes ??= new Map<string, number[]>());
  const recent = (times.get(actor) ?? []).filter((t) => t > now - WINDOW_MS);
  if (recent.length >= limit) {
    const retryAfter = Math.max(1, Math.ceil((recent[0]! + WINDOW_MS - now) / 1000));
    times.set(actor, recent);
    throw new HttpError(
      429,
      'RateLimited',
      `At most ${limit} pushes, distributions and rollout actions per minute per actor; retry in ${retryAfter} s.`,
      undefined,
      {
        'retry-after': String(retryAfter),
      },
    );
  }
  recent.push(now);
  times.set(actor, recent);
}
