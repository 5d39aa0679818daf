import { z } from 'zod';
import type { KeyValueStore } from './storage';

/*
 * The push this browser last sent for an application, kept for the session: a second
 * "Review and push" of the same files and versions is warned about (with a link to the
 * first) before anything is sent again. Compared by file name and version: the same
 * artifacts pushed twice, whatever else changed.
 */

export const lastSentSchema = z.object({
  pushId: z.string(),
  files: z.array(z.object({ name: z.string(), version: z.string() })).min(1),
  at: z.number(),
});
export type LastSent = z.output<typeof lastSentSchema>;

export const lastSentKey = (appId: string) => `ens-push:last-sent:${appId}`;

const filesKey = (files: readonly { name: string; version: string }[]) =>
  JSON.stringify(files.map((f) => [f.name, f.version]).sort());

/** The recorded push when `files` repeats it exactly (same name + version set), else undefined. */
export function repeatOf(
  last: LastSent | undefined,
  files: readonly { name: string; version: string }[],
): LastSent | undefined {
  return last && filesKey(last.files) === filesKey(files) ? last : undefined;
}

export function readLastSent(store: KeyValueStore | undefined, appId: string): LastSent | undefined {
  const raw = store?.getItem(lastSentKey(appId));
  if (!raw) return undefined;
  try {
    const parsed = lastSentSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function writeLastSent(store: KeyValueStore | undefined, appId: string, last: LastSent): void {
  try {
    store?.setItem(lastSentKey(appId), JSON.stringify(last));
  } catch {
    // A full or disabled storage only loses the warning after a reload.
  }
}
