import { z } from 'zod';

/**
 * JSON is stored as text on both engines (one code path; SQLite has no JSON type and
 * PostgreSQL's jsonb would come back as parsed objects while SQLite gives strings).
 * Reading always goes through a zod schema: a row written by an older version, or
 * edited by hand, fails loudly here instead of deep inside a page.
 */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value);
}

export function toNullableJsonText(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

export function fromJsonText<S extends z.ZodType>(schema: S, text: string, column: string): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new Error(`Column ${column} holds invalid JSON`, { cause });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`Column ${column} does not match its schema: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

export function fromNullableJsonText<S extends z.ZodType>(
  schema: S,
  text: string | null,
  column: string,
): z.output<S> | null {
  return text === null ? null : fromJsonText(schema, text, column);
}

/** pg returns int8 as a string unless told otherwise; accept both so mapping never depends on it. */
export function toMs(value: number | string | bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`Not an epoch-ms integer: ${String(value)}`);
  return n;
}
