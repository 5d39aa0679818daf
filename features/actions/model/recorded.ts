import { distributeSchema, type DistributeSettings } from '@/features/push/model/validate';
import { pushDataItemSchema, type PushDataItem } from '@/lib/ens/data-files';
import type { PushEntry } from '@/lib/contracts/pushes';

/*
 * What the audit log remembers of one version, so an action repeats what was sent:
 * the file as it was pushed (to push a failed region again) and how it was placed on
 * the instances (to distribute, widen or retry the same way).
 */

export interface Recorded {
  /** The newest push of this file version that ENS accepted; null when none is recorded here. */
  push: { entryId: string; file: PushDataItem } | null;
  /** The newest placement options used for it; null when it was never distributed from here. */
  distribute: DistributeSettings | null;
}

/** `entries` newest first, as GET /pushes answers. */
export function recordedFor(entries: readonly PushEntry[], name: string, version: string): Recorded {
  let push: Recorded['push'] = null;
  let distribute: DistributeSettings | null = null;
  for (const entry of entries) {
    if (entry.state !== 'sent' || entry.action === 'clean') continue;
    const item = entry.data.find((d) => d.name === name && d.version === version);
    if (!item) continue;
    if (!push && entry.kind !== 'distribution') {
      const file = pushDataItemSchema.safeParse(pickPushFields(item));
      if (file.success) push = { entryId: entry.id, file: file.data };
    }
    if (!distribute) {
      const source = entry.kind === 'distribution' ? item : entry.kind === 'distribute' ? entry.distribute : null;
      const parsed = source ? distributeSchema.safeParse(pickDistFields(source)) : undefined;
      if (parsed?.success) distribute = parsed.data;
    }
    if (push && distribute) break;
  }
  return { push, distribute };
}

function pickPushFields(item: Record<string, unknown>) {
  const { name, version, size, archiveType, md5, url, timeout } = item;
  return { name, version, size, archiveType, md5, url, timeout };
}

function pickDistFields(item: Record<string, unknown>) {
  const { destPath, decompress, targetDirName, fileMode, timeout } = item;
  return Object.fromEntries(
    Object.entries({ destPath, decompress, targetDirName, fileMode, timeout }).filter(([, v]) => v !== undefined),
  );
}
