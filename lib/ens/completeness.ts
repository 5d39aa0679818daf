/*
 * Whether a read of rows is shown to hold every row (paged-read.ts decides). Kept beside
 * the rows rather than in them, so every consumer of `readonly DistRow[]` stays as it is
 * and whoever serves the rows can say whether they are the whole truth.
 */

export interface Completeness {
  complete: boolean;
  incompleteReason?: string;
}

// On globalThis: Next.js loads the watcher (instrumentation) and the routes as separate
// module instances, and a mark the watcher's read made must be what a route serving
// that read finds (an unmarked read counts as complete).
const holder = globalThis as typeof globalThis & { __ensCompleteness?: WeakMap<readonly unknown[], Completeness> };
const marks = (holder.__ensCompleteness ??= new WeakMap());

export function markCompleteness<T extends readonly unknown[]>(rows: T, completeness: Completeness): T {
  marks.set(
    rows,
    completeness.complete
      ? { complete: true }
      : { complete: false, incompleteReason: completeness.incompleteReason ?? 'not shown to be complete' },
  );
  return rows;
}

/** Rows no read marked (built in memory, or from a snapshot) are taken as complete. */
export function completenessOf(rows: readonly unknown[]): Completeness {
  return marks.get(rows) ?? { complete: true };
}

/** Fields for an API answer: `complete`, and the reason when it is not. */
export function completenessFields(c: Completeness): { complete: boolean; incompleteReason?: string } {
  return c.complete ? { complete: true } : { complete: false, incompleteReason: c.incompleteReason };
}
