import { z } from 'zod';
import { policyDraftSchema, pushDraftSchema, type PolicyDraft, type PushDraft } from './draft';
import { type DistributionSettings } from './validate';

/*
 * Per-application memory of the push form in localStorage: the draft (so a reload
 * loses nothing), the distribution settings and the saved strategies. What comes back
 * is parsed like any other input: an old or hand-edited entry is ignored, not trusted.
 */

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const PREFIX = 'ens-push';
export const storageKeys = {
  draft: (appId: string) => `${PREFIX}:draft:${appId}`,
  distribution: (appId: string) => `${PREFIX}:distribution:${appId}`,
  strategies: (appId: string) => `${PREFIX}:strategies:${appId}`,
};

export const distributionSchema = z.object({
  destPath: z.string(),
  decompress: z.boolean(),
  targetDirName: z.string(),
  fileMode: z.string(),
  timeout: z.string(),
}) satisfies z.ZodType<DistributionSettings>;

export const savedStrategySchema = z.object({
  name: z.string().min(1).max(80),
  policies: z.array(policyDraftSchema.omit({ id: true })).min(1),
  savedAt: z.string(),
});
export type SavedStrategy = z.infer<typeof savedStrategySchema>;
const savedStrategiesSchema = z.array(savedStrategySchema).max(50);

export function readStored<T>(store: KeyValueStore | undefined, key: string, schema: z.ZodType<T>): T | undefined {
  try {
    const text = store?.getItem(key);
    if (!text) return undefined;
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Storage may be full or disabled (private windows); the form keeps working without it. */
export function writeStored(store: KeyValueStore | undefined, key: string, value: unknown): boolean {
  try {
    store?.setItem(key, JSON.stringify(value));
    return store !== undefined;
  } catch {
    return false;
  }
}

export const readDraft = (store: KeyValueStore | undefined, appId: string): PushDraft | undefined =>
  readStored(store, storageKeys.draft(appId), pushDraftSchema);

export const readDistribution = (store: KeyValueStore | undefined, appId: string): DistributionSettings | undefined =>
  readStored(store, storageKeys.distribution(appId), distributionSchema);

export const readSavedStrategies = (store: KeyValueStore | undefined, appId: string): SavedStrategy[] =>
  readStored(store, storageKeys.strategies(appId), savedStrategiesSchema) ?? [];

/** Saving under an existing name replaces it: names are how people find them again. */
export function withSavedStrategy(
  list: readonly SavedStrategy[],
  name: string,
  policies: readonly PolicyDraft[],
  now: Date,
): SavedStrategy[] {
  const entry: SavedStrategy = {
    name: name.trim(),
    policies: policies.map(({ operator, values }) => ({ operator, values: [...values] })),
    savedAt: now.toISOString(),
  };
  return [entry, ...list.filter((s) => s.name !== entry.name)].slice(0, 50);
}
