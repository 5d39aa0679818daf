import 'server-only';
import type { Db } from '@/lib/db';
import { FINAL_STATES } from '@/lib/domain/rollout-states';
import { HttpError } from '@/lib/server/http';
import { planSchema, rolloutStateSchema } from './model';

/*
 * A file version a staged rollout is driving belongs to the rollout: a person's own
 * push, distribution or clean of it (another tab, the API, the version page) would
 * fight the engine, which decides where the version goes and when. Those are refused
 * with the rollout to act on instead. The engine's own writes never come this way
 * (steps.ts records and sends them directly), so they are never refused.
 */

/** The active rollout whose files include one of these name@version, if any. */
export async function rolloutDriving(
  db: Db,
  appId: string,
  files: readonly { name: string; version: string }[],
): Promise<{ rolloutId: string; name: string; version: string } | undefined> {
  // One active rollout per (application, file name): its lock names the rollout.
  for (const name of new Set(files.map((f) => f.name))) {
    const holder = await db.rollouts.holderOf(appId, [name]);
    if (!holder) continue;
    const stored = await db.rollouts.get(holder.rolloutId);
    if (!stored || FINAL_STATES.includes(rolloutStateSchema.parse(stored.state))) continue;
    const plan = planSchema.parse(stored.plan);
    const driven = files.find(
      (f) => f.name === name && plan.data.some((d) => d.name === name && d.version === f.version),
    );
    if (driven) return { rolloutId: stored.id, name: driven.name, version: driven.version };
  }
  return undefined;
}

/** 409 naming the rollout when one drives any of these file versions. */
export async function refuseWhileRolloutDrives(
  db: Db,
  appId: string,
  files: readonly { name: string; version: string }[],
): Promise<void> {
  const driving = await rolloutDriving(db, appId, files);
  if (!driving) return;
  throw new HttpError(
    409,
    'RolloutActive',
    `Rollout ${driving.rolloutId} is rolling out ${driving.name} ${driving.version}: act through its actions (pause, approve, retry, abort, roll back) instead, or abort it first.`,
  );
}
