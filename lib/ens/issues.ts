import type { z } from 'zod';

/**
 * One problem with an input, located by path (`['data', 3, 'md5']`) and explained in
 * plain words that name the field. Shared by the push form (browser) and the route
 * handlers' 400 bodies, so both show the same message for the same mistake.
 */
export interface InputIssue {
  path: (string | number)[];
  message: string;
  /** 1-based line in pasted text, when the problem is a JSON syntax error. */
  line?: number;
}

/** `['strategy', 0, 'values', 2]` → `'strategy.0.values.2'` (the form the API reports). */
export function formatPath(path: readonly (string | number)[]): string {
  return path.join('.');
}

/**
 * Flattens a zod error into InputIssues. Unknown keys become one issue per key, located
 * at the key itself, because "unknown field archivetype" is what a person needs to see
 * next to a typo, not a list on the parent object.
 */
export function toInputIssues(error: z.ZodError, prefix: readonly (string | number)[] = []): InputIssue[] {
  const issues: InputIssue[] = [];
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({ path: [...path, key], message: `${key} is not a known field` });
      }
      continue;
    }
    issues.push({ path, message: issue.message });
  }
  return issues;
}
